"""A long conversation: only the newest messages stay mounted, the older ones move to the
archive in batches (still drawn, still reachable by scrolling), a card's line still waiting
for its outcome is never archived, and the chat keeps working after thousands of messages."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from imperal_tui.widgets.chat import ChatLog, ErrorLine, NoteLine, Turn, UserLine
from imperal_tui.widgets.chat.archive import ChatArchive
from imperal_tui.widgets.chat.messages import ReplyMarkdown, transcript


class LogApp(App):
    def __init__(self, **options) -> None:
        super().__init__()
        self.options = options

    def compose(self) -> ComposeResult:
        yield ChatLog(**self.options)


class Waiting(Static):
    """Stands for a card's line: `outcome` is None until the card is answered."""

    outcome: str | None = None


async def test_old_messages_move_to_the_archive_in_batches_and_stay_readable():
    app = LogApp(live_limit=4, archive_batch=3)
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        for i in range(6):
            await log.add(UserLine(f"question {i}"))
        assert log.archive is None and len(log.live()) == 6  # below limit + batch
        await log.add(NoteLine("note 6"))
        assert log.archived_count() == 3 and len(log.live()) == 4
        assert isinstance(log.children[0], ChatArchive)
        archived = log.archive.plain_text()
        assert "› question 0" in archived and "› question 2" in archived
        assert "question 3" not in archived
        log.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert log.archive.render_line(1).text.startswith("› question 0")


async def test_a_turn_streams_normally_after_thousands_of_messages():
    app = LogApp()
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.query_one(ChatLog)
        earlier = []
        for i in range(3000):
            earlier.append(UserLine(f"q{i}") if i % 2 == 0 else ReplyMarkdown(f"**answer** {i}"))
        await log.add_many(earlier)
        await pilot.pause()
        assert log.archived_count() == 3000 - log.live_limit
        assert len(log.live()) == log.live_limit
        await log.add(UserLine("one more"))
        turn = Turn(log)
        for token in ["Here ", "is ", "the ", "**reply**."]:
            await turn.write(token)
        await turn.close()
        await pilot.pause()
        assert turn.text == "Here is the **reply**."
        assert len(log.live()) < log.live_limit + log.archive_batch
        assert log.archived_count() + len(log.live()) == 3000 + 2
        assert "answer** 1" in log.archive.plain_text()  # the replies' text is kept


async def test_a_waiting_line_stops_the_archiving_until_it_settles():
    app = LogApp(live_limit=2, archive_batch=2)
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        await log.add(NoteLine("first"))
        waiting = await log.add(Waiting("card: waiting"))
        for i in range(4):
            await log.add(NoteLine(f"later {i}"))
        assert log.archived_count() == 1 and waiting in log.live()
        waiting.outcome = "confirmed"
        await log.add(NoteLine("after"))
        await pilot.pause()
        assert waiting not in log.live()
        assert "card: waiting" in log.archive.plain_text()


async def test_clear_then_more_messages_brings_the_archive_back():
    app = LogApp(live_limit=1, archive_batch=1)
    async with app.run_test(size=(60, 10)) as pilot:
        log = app.query_one(ChatLog)
        for i in range(3):
            await log.add(NoteLine(f"n{i}"))
        await log.remove_children()  # what /clear does
        for i in range(3):
            await log.add(ErrorLine(f"e{i}"))
        await pilot.pause()
        assert "✖ e0" in log.archive.plain_text() and "n0" not in log.archive.plain_text()


def test_every_message_kind_has_a_transcript():
    assert transcript(UserLine("hi")).plain == "\n› hi"
    assert transcript(UserLine("tasks.x", call=True)).plain == "\n▸ tasks.x"
    assert transcript(NoteLine("dim")).plain == "dim"
    assert "✖ boom" in transcript(ErrorLine("boom")).plain
    reply = ReplyMarkdown()
    reply.text = "line one\n\nline two"
    assert transcript(reply).plain == "▎ line one\n▎ \n▎ line two"
    assert "plain" in transcript(Static("plain")).plain


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        ChatLog(live_limit=0)


async def test_the_shell_answers_after_a_long_conversation(make_app, settle, submit, chat_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        earlier = []
        for i in range(1000):
            earlier.append(UserLine(f"old {i}") if i % 2 == 0 else ReplyMarkdown(f"reply {i}"))
        await app.chat.add_many(earlier)
        await submit(pilot, "add a task buy milk")
        assert "Added task “buy milk”" in chat_text(app)
        assert "› old 0" in app.chat.archive.plain_text()
        assert len(app.chat.live()) < app.chat.live_limit + app.chat.archive_batch
