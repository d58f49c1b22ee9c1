"""One background task in the task list: what runs, its status, a progress bar, its message."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from imperal_tui.sanitize import neutralise

MARKS = {"running": "⏳", "ok": "✓", "error": "✖", "cancelled": "⊘", "lost": "?"}


def headline(task: dict[str, Any]) -> str:
    """The line "⏳ slow.slow_put  running": its mark, what it runs, its status."""
    what = ".".join(p for p in (task.get("app_id"), task.get("function")) if p)
    what = what or str(task.get("name") or task.get("id") or "task")
    status = str(task.get("status") or "?")
    return neutralise(f"{MARKS.get(status, '•')} {what}  {status}")


class TaskRow(Vertical, can_focus=True):
    DEFAULT_CSS = """
    TaskRow { height: auto; padding: 0 1; margin-bottom: 1; }
    TaskRow:focus { background: $boost; }
    TaskRow > .task-head { height: 1; text-style: bold; }
    TaskRow.-running > .task-head { color: $warning; }
    TaskRow.-error > .task-head, TaskRow.-lost > .task-head { color: $error; }
    TaskRow.-ok > .task-head { color: $success; }
    TaskRow > .task-message { color: $text-muted; height: auto; }
    TaskRow > ProgressBar { height: 1; }
    """

    def __init__(self, task: dict[str, Any]) -> None:
        super().__init__()
        self.record = task

    @property
    def task_id(self) -> str:
        return str(self.record.get("id", ""))

    @property
    def running(self) -> bool:
        return self.record.get("status") == "running"

    def compose(self):
        yield Static(headline(self.record), classes="task-head", markup=False)
        yield ProgressBar(total=100, show_eta=False)
        yield Static("", classes="task-message", markup=False)

    def on_mount(self) -> None:
        self.set_task(self.record)

    def set_task(self, task: dict[str, Any]) -> None:
        """Show the task's latest row (from the kernel's tasks table)."""
        self.record = task
        status = str(task.get("status") or "")
        for name in MARKS:
            self.set_class(status == name, f"-{name}")
        self.query_one(".task-head", Static).update(headline(task))
        progress = task.get("progress")
        progress = float(progress) if isinstance(progress, int | float) else 0.0
        self.query_one(ProgressBar).update(progress=max(0.0, min(100.0, progress)))
        message = str(task.get("message") or task.get("error") or "")
        self.query_one(".task-message", Static).update(neutralise(message))
