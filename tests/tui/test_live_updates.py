"""Live: panels and the tray follow changes made by another process on the same data dir, with
no key pressed; messages the kernel injects reach the chat and ring the bell when unfocused."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys

import pytest

from imperal_tui.widgets.tray import TrayButton
from kernel import events as ev
from kernel.client import KernelUnavailable, connect
from kernel.config import KernelConfig

from .conftest import SIZE
from .tray_support import write_inbox


def badges(app) -> dict[str, str]:
    return {b.info.tray_id: b.badge for b in app.query(TrayButton)}


@pytest.fixture
def resident_home(home, monkeypatch):
    monkeypatch.delenv("IMPERAL_SHELL_SERVER", raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "30")
    write_inbox(home)
    yield home
    with contextlib.suppress(KernelUnavailable):
        remote = connect(KernelConfig.load(home=home), probe=True)
        remote.shutdown()
        remote.close()


def call_in_another_process(target: str, args: dict) -> subprocess.CompletedProcess:
    """`imperal-shell call` as a separate program (it talks to the resident kernel)."""
    argv = [sys.executable, "-m", "imperal_tui", "call", target, "--args", json.dumps(args)]
    return subprocess.run(
        [*argv, "--user", "tester"], capture_output=True, text=True, timeout=60, check=False
    )


async def test_another_process_changes_panels_and_tray_with_no_key_pressed(
    resident_home, make_app, settle, panel_titles, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.connected and app.client.pid != __import__("os").getpid()
        assert badges(app)["unread"] == ""

        done = await asyncio.to_thread(
            call_in_another_process, "inbox.add_message", {"text": "from afar"}
        )
        assert done.returncode == 0, done.stderr
        await wait_until(pilot, lambda: badges(app)["unread"] == "1", "the tray badge")

        done = await asyncio.to_thread(
            call_in_another_process, "notes.create_note", {"title": "Q3 plan"}
        )
        assert done.returncode == 0, done.stderr
        await wait_until(pilot, lambda: "Q3 plan" in panel_titles(app, "notes"), "the notes panel")


def _inject(app, event) -> None:
    """Publish `event` as the kernel does for a task's late result or a ctx.notify (on the
    in-process kernel's loop)."""
    host = app.client.host
    host.loop.call_soon_threadsafe(host.kernel.publish, app.user, event)


async def test_an_injected_message_shows_and_rings_only_when_unfocused(
    make_app, settle, chat_text, wait_until
):
    app = make_app()
    rings: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.bell = lambda: rings.append(1)
        _inject(app, ev.ProactiveMessage("tasks", "while you watch"))
        await wait_until(pilot, lambda: "tasks: while you watch" in chat_text(app), "message 1")
        assert rings == []

        app.app_focus = False  # the terminal window lost the focus (AppBlur)
        _inject(app, ev.ProactiveMessage("tasks", "while you were away"))
        await wait_until(pilot, lambda: "while you were away" in chat_text(app), "message 2")
        assert rings == [1] and app.live.bells == 1


async def test_a_notification_from_the_subscription_is_a_toast(make_app, settle, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _inject(app, ev.Notification("tasks", "Reminder: buy milk", severity="warning"))
        await wait_until(
            pilot,
            lambda: (
                [(n.message, n.severity) for n in app._notifications]
                == [("Reminder: buy milk", "warning")]
            ),
            "the toast",
        )
