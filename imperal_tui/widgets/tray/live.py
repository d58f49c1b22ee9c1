"""Kernel events that change what the tray, the task list and the terminal show.

The app hands every event it reads here (its own turns', promoted tasks', and the user's
subscription, which carries what other clients and processes did): a `PanelInvalidated`
re-asks that extension's tray items; task events re-read an open task list; a
`Notification` pops a toast; a message the kernel injects rings the bell when the terminal
window is not focused.
"""

from __future__ import annotations

from typing import Any

from kernel import events as ev

TASK_EVENTS = (ev.TaskPromoted, ev.Progress, ev.ActionFinished, ev.ProactiveMessage)


class LiveUpdates:
    def __init__(self, app: Any, tray: Any) -> None:
        self.app = app
        self.tray = tray
        self.bells = 0

    def seen(self, event: Any, *, proactive: bool = False) -> None:
        """`proactive`: it came on the subscription (not as the answer to this window)."""
        from imperal_tui.widgets.tasks.screen import TaskListScreen
        from imperal_tui.widgets.tray.toasts import show_notification

        if isinstance(event, ev.PanelInvalidated):
            self.tray.invalidate(event.app_id)
        if isinstance(event, TASK_EVENTS):
            for screen in self.app.screen_stack:
                if isinstance(screen, TaskListScreen):
                    screen.poke()
        if isinstance(event, ev.Notification):
            show_notification(self.app, event)
        if isinstance(event, ev.ProactiveMessage) and proactive and not self.app.app_focus:
            self.bells += 1
            self.app.bell()
