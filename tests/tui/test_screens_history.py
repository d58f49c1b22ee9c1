"""The history browser (`/history`): conversations, search, read one, continue it; `/new`."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from imperal_tui.screens.history import ConversationScreen, HistoryScreen
from imperal_tui.widgets.chat.messages import NoteLine, UserLine

BIG = (120, 40)


def _cells(screen: HistoryScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _two_conversations(pilot, submit) -> None:
    await submit(pilot, "add a task buy milk")
    await submit(pilot, "/new")
    await submit(pilot, "add a task buy bread")


async def test_search_open_and_continue(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await _two_conversations(pilot, submit)
        milk_id = next(
            c["id"]
            for c in (await app.client.history(app.user))["conversations"]
            if "milk" in (c["title"] or "")
        )
        await submit(pilot, "/history")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "/history")
        screen = app.screen
        await wait_until(pilot, lambda: "2 conversations" in screen.status_text)
        assert len(_cells(screen)) == 2

        await pilot.press("ctrl+f")
        search = screen.query_one("#history-search", Input)
        assert search.has_focus
        search.value = "milk"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "match 'milk'" in screen.status_text, "the search")
        assert screen.ids and set(screen.ids) == {milk_id}
        assert all("milk" in " ".join(row).lower() for row in _cells(screen))

        await pilot.press("enter")  # the table has the focus after a search
        await wait_until(pilot, lambda: isinstance(app.screen, ConversationScreen), "reader")
        assert "buy milk" in str(app.screen.query_one("#conv-text", Static).render())

        await pilot.press("c")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1, "back to the chat")
        assert app.join_conversation == milk_id
        assert "Continuing" in "\n".join(str(n.render()) for n in app.query(NoteLine))
        assert not list(app.query(UserLine))  # the chat was cleared for it

        await submit(pilot, "add a task buy eggs")
        conv = (await app.client.history(app.user, conversation_id=milk_id))["conversation"]
        assert "add a task buy eggs" in [m["content"] for m in conv["messages"]]
        assert len((await app.client.history(app.user))["conversations"]) == 2
        assert app.join_conversation is None


async def test_an_empty_history_and_a_search_with_no_match(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "/history")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "/history")
        screen = app.screen
        await wait_until(pilot, lambda: "No conversations yet." in screen.status_text)
        screen.search = "zebra"
        await screen.load()
        assert "0 messages match 'zebra'" in screen.status_text
        assert _cells(screen) == []


async def test_new_after_continuing_starts_afresh(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        app.join_conversation = "c-something"
        await submit(pilot, "/new")
        assert app.join_conversation is None


async def test_typing_on_the_list_goes_to_the_search(make_app, settle, submit, wait_until):
    """Letters typed while the list has the focus are not lost: they start a search."""
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await _two_conversations(pilot, submit)
        await submit(pilot, "/history")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "/history")
        screen = app.screen
        await wait_until(pilot, lambda: "2 conversations" in screen.status_text)
        assert screen.query_one(DataTable).has_focus
        await pilot.press("m", "i", "l", "k")
        search = screen.query_one("#history-search", Input)
        assert search.has_focus and search.value == "milk"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "match 'milk'" in screen.status_text, "the search")
        assert isinstance(app.screen, HistoryScreen)
