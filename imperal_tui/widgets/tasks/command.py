"""`/tasks`: open the task list on the connected kernel's tasks of the app's user."""

from __future__ import annotations

from typing import Any

from imperal_tui.widgets.tasks.screen import POLL_S, TaskListScreen


async def open_task_list(app: Any, args: str = "", *, poll_s: float | None = POLL_S) -> Any:
    """Push the task list (None, after an error line, when no kernel answers)."""
    from imperal_tui.commands.reports import _kernel

    if await _kernel(app) is None:
        return None

    async def fetch() -> list[dict[str, Any]]:
        return await app.client.tasks(app.user)

    async def cancel(task_id: str) -> bool:
        return await app.client.cancel_task(app.user, task_id)

    screen = TaskListScreen(fetch, cancel, poll_s=poll_s)
    await app.push_screen(screen)
    return screen
