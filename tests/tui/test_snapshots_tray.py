"""SVG snapshots at 80x24: the tray strip with an open dropdown, and the task list with a
running task (deterministic: fixed titles, no ids or times on screen).

Update after an intended change with `pytest tests/tui/test_snapshots_tray.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

import time

from imperal_tui.widgets.tasks import TaskListScreen, TaskRow
from imperal_tui.widgets.tasks.command import open_task_list
from imperal_tui.widgets.tray import TrayButton, TrayDropdown

from .tray_support import write_inbox

SIZE = (80, 24)


async def _ready(pilot) -> None:
    app = pilot.app
    app.prompt.cursor_blink = False
    await app.wait_idle()
    await pilot.pause()


async def _wait_for(pilot, predicate, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the screen never got there"
        await pilot.pause(0.02)


def test_tray_strip_and_open_dropdown(home, make_app, snap_compare):
    write_inbox(home)

    async def run_before(pilot) -> None:
        app = pilot.app
        await _ready(pilot)
        for text in ("hello", "lunch at noon"):
            app.prompt.value = f'inbox.add_message text="{text}"'
            await pilot.press("enter")
            await _ready(pilot)
        unread = next(b for b in app.query(TrayButton) if b.info.tray_id == "unread")
        await _wait_for(pilot, lambda: unread.badge == "2")
        await pilot.press("ctrl+t", "enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, TrayDropdown))
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_task_list_with_a_running_task(slow_extension, make_app, snap_compare, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")

    async def run_before(pilot) -> None:
        app = pilot.app
        await _ready(pilot)
        app.send('slow.slow_put title="report" seconds=30')
        await _wait_for(pilot, lambda: app._following)
        await open_task_list(app, poll_s=None)
        await _wait_for(pilot, lambda: isinstance(app.screen, TaskListScreen))
        await _wait_for(pilot, lambda: app.screen.query(TaskRow))
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
