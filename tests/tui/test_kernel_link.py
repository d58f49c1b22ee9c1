"""The TUI as a client of its data dir's kernel: it sees what other clients write within a
second (and renders each change once), Esc and ctrl+c cancel a running call in the kernel with
nothing committed, a long call goes on as a task and frees the prompt, and a lost connection
is a banner and an error line, never a crash; the next message reconnects.

Most tests run the kernel in-process (IMPERAL_SHELL_SERVER=0, see conftest); the last one
attaches to a real resident kernel, as `imperal-shell` does by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from imperal_tui.widgets.panels.invalidation import ECHO_WAIT
from kernel import events as ev
from kernel.client import KernelUnavailable, connect
from kernel.config import KernelConfig
from kernel.rpc.async_client import AsyncClient

from .conftest import SIZE


async def stored_titles(app) -> list[str]:
    """What the kernel committed for the slow extension, whatever the screen shows."""
    events = await app.session.call("slow", "list_items", {})
    finished = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert finished and finished[0].ok, events
    return finished[0].data["titles"]


def tasks_view(app):
    return next(v for v in app.panels.views() if v.app_id == "tasks")


async def test_a_change_by_another_client_shows_within_a_second(
    make_app, settle, panel_titles, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sock = await asyncio.to_thread(app.client.host.connect_socket)
        other = await AsyncClient.from_socket(sock)  # another program on the same kernel
        try:
            events = await other.session("tester").call("tasks", "add_task", {"title": "x"})
            assert any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
            done = time.monotonic()
            await wait_until(pilot, lambda: panel_titles(app, "tasks") == ["x"], timeout=5)
            assert time.monotonic() - done < 1.0
            # another user's write is none of this user's business
            await other.session("someone-else").call("tasks", "add_task", {"title": "y"})
            await asyncio.sleep(0.3)
            await settle(pilot)
            assert panel_titles(app, "tasks") == ["x"]
        finally:
            await other.close()


async def test_own_write_renders_the_panel_once(make_app, settle, submit, panel_titles):
    """The PanelInvalidated of one's own turn also comes on the subscription: one render."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = tasks_view(app).renders
        await submit(pilot, "add a task buy milk")
        assert panel_titles(app, "tasks") == ["buy milk"]
        await asyncio.sleep(ECHO_WAIT + 0.2)  # past the wait for a twin that never came
        await settle(pilot)
        assert tasks_view(app).renders == before + 1


@pytest.mark.parametrize("key", ["escape", "ctrl+c"])
async def test_a_key_cancels_the_running_call_and_nothing_is_committed(
    slow_extension, make_app, settle, chat_text, wait_until, key
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.prompt.value = 'slow.slow_put title="never"'
        await pilot.press("enter")
        await wait_until(pilot, lambda: "stored, waiting" in str(app.banner.render()), "progress")
        assert app.check_action("cancel_turn", ()) is True  # the footer offers "esc Cancel"
        started = time.monotonic()
        await pilot.press(key)
        await settle(pilot)
        assert time.monotonic() - started < 5  # the call had 30 s to go
        assert "cancelled: nothing was changed" in chat_text(app)
        assert app.check_action("cancel_turn", ()) is False
        assert app.prompt.has_focus and app.connected
        assert await stored_titles(app) == []
        rows = await app.client.audit(limit=5, user_id="tester")
        assert any(r["function"] == "slow_put" and r["status"] == "cancelled" for r in rows), rows


async def test_escape_with_nothing_running_does_nothing(make_app, settle, submit, chat_text):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await pilot.press("escape")
        await settle(pilot)
        assert "cancelled" not in chat_text(app)
        assert app.prompt.has_focus


async def test_ctrl_c_when_idle_clears_the_prompt_then_asks_before_quitting(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.prompt.value = "half a thought"
        await pilot.press("ctrl+c")
        assert app.prompt.value == ""
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running  # one ctrl+c only says how to quit
        assert any("ctrl+c again" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_a_long_call_goes_on_as_a_task_and_frees_the_prompt(
    slow_extension, home, monkeypatch, settle, submit, chat_text, panel_titles, wait_until
):
    from imperal_tui.app import ShellApp

    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")
    app = ShellApp(KernelConfig.load(home=home), "tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.prompt.value = 'slow.slow_put title="later" seconds=3'
        await pilot.press("enter")
        await wait_until(pilot, lambda: "goes on as task task_" in chat_text(app), "promotion")
        assert "tasks 1" in str(app.banner.render())
        await submit(pilot, "add a task buy milk")  # the prompt is free meanwhile
        assert panel_titles(app, "tasks") == ["buy milk"]
        assert "put later" not in chat_text(app)

        await wait_until(pilot, lambda: "put later" in chat_text(app), "the task's result")
        text = chat_text(app)
        assert "reports:" in text and text.index("buy milk") < text.index("put later")
        await wait_until(pilot, lambda: "tasks 1" not in str(app.banner.render()), "banner")
        assert await stored_titles(app) == ["later"]
        rows = await app.client.tasks("tester")
        assert [r["status"] for r in rows if r["function"] == "slow_put"] == ["ok"]


async def test_a_lost_connection_is_shown_and_the_next_message_reconnects(
    make_app, settle, submit, chat_text, panel_titles, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        app.client._writer.close()  # the line to the kernel drops
        await wait_until(pilot, lambda: "connection lost" in str(app.banner.render()), "banner")
        assert "The connection to the kernel was lost" in chat_text(app)
        assert app.is_running and not app.connected

        await submit(pilot, "add a task buy bread")
        assert app.connected
        assert "reconnected to the kernel" in chat_text(app)
        assert "Added task “buy bread”" in chat_text(app)
        assert "connection lost" not in str(app.banner.render())
        assert panel_titles(app, "tasks") == ["buy milk", "buy bread"]
        assert "Traceback" not in chat_text(app)


# --- against a real resident kernel ----------------------------------------------------------
@pytest.fixture
def resident_home(home, monkeypatch):
    monkeypatch.delenv("IMPERAL_SHELL_SERVER", raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "30")
    yield home
    with contextlib.suppress(KernelUnavailable):
        remote = connect(KernelConfig.load(home=home), probe=True)
        remote.shutdown()
        remote.close()


async def test_resident_kernel_shared_with_scripts_and_restarted_after_it_stops(
    resident_home, make_app, settle, submit, chat_text, panel_titles, wait_until, capsys
):
    from imperal_tui import cli

    app = make_app()
    assert app.resident is None  # as IMPERAL_SHELL_SERVER says: the resident kernel
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first_pid = app.client.pid
        assert app.connected and first_pid != __import__("os").getpid()

        argv = ["call", "tasks.add_task", "--args", '{"title": "from a script"}']
        assert await asyncio.to_thread(cli.main, [*argv, "--user", "tester"]) == 0
        done = time.monotonic()
        await wait_until(pilot, lambda: panel_titles(app, "tasks") == ["from a script"])
        assert time.monotonic() - done < 1.0

        # the kernel goes away (`imperal-shell kernel stop` from another terminal)
        assert await asyncio.to_thread(cli.main, ["kernel", "stop"]) == 0
        await wait_until(pilot, lambda: "connection lost" in str(app.banner.render()), "banner")
        assert app.is_running

        await submit(pilot, "add a task buy milk")  # starts a fresh resident kernel
        assert app.connected and app.client.pid != first_pid, chat_text(app)
        assert "Added task “buy milk”" in chat_text(app)
        assert panel_titles(app, "tasks") == ["from a script", "buy milk"]
    capsys.readouterr()


async def test_two_tuis_on_one_resident_kernel_see_each_other(
    resident_home, make_app, settle, submit, panel_titles, wait_until
):
    first, second = make_app(), make_app()
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await settle(one)
        await settle(two)
        assert first.client.pid == second.client.pid  # one kernel for the data dir

        await submit(one, "add a task buy milk")
        done = time.monotonic()
        await wait_until(two, lambda: panel_titles(second, "tasks") == ["buy milk"])
        assert time.monotonic() - done < 1.0

        await submit(two, "add a task buy bread")
        done = time.monotonic()
        await wait_until(one, lambda: panel_titles(first, "tasks") == ["buy milk", "buy bread"])
        assert time.monotonic() - done < 1.0
