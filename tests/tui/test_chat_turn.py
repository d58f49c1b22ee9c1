"""A chat turn end to end: the request goes to the kernel, the reply streams into the chat,
and the panel whose data changed re-renders."""

from __future__ import annotations

import pytest

from imperal_tui.widgets.chat import Turn
from imperal_tui.widgets.chat.messages import ErrorLine, ReplyMarkdown, UserLine
from kernel import events as ev

from .conftest import SIZE


async def test_add_task_replies_and_refreshes_the_tasks_panel(
    make_app, settle, chat_text, panel_titles
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert panel_titles(app, "tasks") == []
        assert app.prompt.has_focus

        await pilot.press(*"add a task buy milk", "enter")
        await settle(pilot)

        assert [str(w.render()) for w in app.query(UserLine)] == ["› add a task buy milk"]
        replies = list(app.query(ReplyMarkdown))
        assert len(replies) == 1 and "Added task “buy milk”" in replies[0].text
        assert "Added task “buy milk”" in chat_text(app)
        assert panel_titles(app, "tasks") == ["buy milk"]
        assert app.prompt.value == ""


async def test_reply_text_is_appended_as_it_streams(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "show my tasks")
        reply = list(app.query(ReplyMarkdown))[-1]
        # several TextDelta events (a summary, then one line per task) make one reply block
        assert "buy milk" in reply.text
        assert len(reply.text.strip().splitlines()) >= 2


async def test_deltas_are_appended_to_one_block_as_they_arrive(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        turn = Turn(app.chat)
        await app._show_event(turn, ev.TextDelta("Hello"))
        await pilot.pause()
        block = turn.reply
        assert block is not None and block.text == "Hello"
        await app._show_event(turn, ev.TextDelta(", **world**"))
        await pilot.pause()
        assert turn.reply is block and block.text == "Hello, **world**"
        await turn.close()
        await pilot.pause()
        assert block.source == "Hello, **world**"
        assert list(app.query(ReplyMarkdown)) == [block]


async def test_kernel_errors_show_as_a_styled_line_not_a_traceback(
    make_app, settle, submit, chat_text
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "blah blah")
        errors = list(app.query(ErrorLine))
        assert len(errors) == 1
        shown = str(errors[0].render())
        assert "could not map" in shown and "Try: add a task buy milk" in shown
        assert "Traceback" not in chat_text(app)


@pytest.mark.parametrize("resident", [False, True], ids=["in-process", "resident"])
async def test_a_kernel_that_cannot_start_is_an_error_line(
    tmp_path, settle, submit, chat_text, resident
):
    from imperal_tui.app import ShellApp
    from kernel.config import KernelConfig

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    config = KernelConfig(data_dir=blocker, config_dir=blocker)
    app = ShellApp(config, "tester", resident=resident)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "The kernel could not start" in chat_text(app)
        await submit(pilot, "show my notes")  # tries again, and says why not
        assert "The kernel is not running:" in chat_text(app)
        assert "Traceback" not in chat_text(app)
        assert "kernel not running" in str(app.banner.render())


async def test_banner_names_the_llm_mode(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "LLM: offline router" in str(app.banner.render())


async def test_kernel_is_closed_when_the_app_exits(make_app, settle, home):
    from kernel.endpoint import lock_holder

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        client = app.client
        assert app.connected and lock_holder(client.host.kernel.config) is not None
    assert app.client is None and client.closed.is_set()
    assert lock_holder(client.host.kernel.config) is None  # the in-process kernel let go


async def test_proactive_events_show_in_the_chat_and_refresh_panels(
    make_app, settle, chat_text, panel_titles, wait_until
):
    """Whatever any client writes refreshes the panels from the subscription, and messages
    an extension or a task sends show in the chat."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # a call the app did not make (another client's, here the same session's)
        await app.session.call("tasks", "add_task", {"title": "water plants"})
        await wait_until(pilot, lambda: panel_titles(app, "tasks") == ["water plants"])
        host = app.client.host  # the in-process kernel, on its own thread
        message = ev.ProactiveMessage("tasks", "Reminder: water plants")
        host.loop.call_soon_threadsafe(host.kernel.publish, "tester", message)
        await wait_until(pilot, lambda: "tasks: Reminder: water plants" in chat_text(app))
