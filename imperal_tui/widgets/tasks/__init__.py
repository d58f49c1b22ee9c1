"""The task list: background work (promoted calls, background tasks) with progress and cancel."""

from imperal_tui.widgets.tasks.row import TaskRow
from imperal_tui.widgets.tasks.screen import TaskListScreen

__all__ = ["TaskListScreen", "TaskRow"]
