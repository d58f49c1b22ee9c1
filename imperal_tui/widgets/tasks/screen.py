"""The task list (`/tasks`): background work with progress bars, status, and cancel.

Rows come from the kernel's tasks table (`fetch`); the list re-reads it when poked (the app
pokes it on task events from the kernel: promotions, progress, results) and every `poll_s`
seconds while it is open (a task's progress is written to the table as it reports it, and a
task another program started sends this window no event).
Keys: Up/Down move, c (or Delete) cancels the selected running task, r re-reads, Esc closes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from imperal_tui.widgets.tasks.row import TaskRow

POLL_S = 1.0
HELP = "Background tasks · ↑↓ select · c cancel · r refresh · esc close"


class TaskListScreen(ModalScreen):
    DEFAULT_CSS = """
    TaskListScreen { background: $background; }
    TaskListScreen > #tasks-title { height: 1; padding: 0 1; background: $panel; }
    TaskListScreen > #tasks-list { height: 1fr; }
    TaskListScreen .tasks-empty { color: $text-muted; padding: 1 2; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("c", "cancel_task", "Cancel task"),
        Binding("delete", "cancel_task", "Cancel task", show=False),
        Binding("r", "reload", "Refresh"),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    def __init__(
        self,
        fetch: Callable[[], Awaitable[list[dict[str, Any]]]],
        cancel: Callable[[str], Awaitable[bool]],
        *,
        poll_s: float | None = POLL_S,
    ) -> None:
        """`fetch()`: the user's tasks, newest first; `cancel(task_id)`: True when the kernel
        cancelled it. `poll_s`: re-read this often while open (None: only when poked)."""
        super().__init__()
        self._fetch = fetch
        self._cancel = cancel
        self.poll_s = poll_s
        self.loads = 0
        self._lock = asyncio.Lock()
        self._queued = False

    def compose(self):
        yield Static(HELP, id="tasks-title")
        body = VerticalScroll(id="tasks-list")
        body.can_focus = False  # the rows take the focus (the list scrolls to the focused one)
        yield body
        yield Footer()

    async def on_mount(self) -> None:
        await self.reload()
        if self.poll_s:
            self.set_interval(self.poll_s, self._tick)

    def rows(self) -> list[TaskRow]:
        return list(self.query(TaskRow))

    def _tick(self) -> None:
        self.poke()  # also brings tasks other programs started (no event tells this window)

    def poke(self) -> None:
        """Re-read the tasks soon (coalesced: one read covers every poke before it starts)."""
        if self._queued or not self.is_attached:
            return
        self._queued = True
        self.run_worker(self.reload(), group="tasks", exit_on_error=False)

    async def reload(self) -> None:
        async with self._lock:
            self._queued = False
            try:
                tasks = await self._fetch()
            except Exception as exc:  # the kernel went away: say so in the list
                await self._replace([Static(f"Cannot read the tasks: {exc}", markup=False,
                                            classes="tasks-empty")])  # fmt: skip
                return
            if self.is_attached:
                await self._show(tasks)
            self.loads += 1

    async def _show(self, tasks: list[dict[str, Any]]) -> None:
        """Update rows in place (focus stays), add new ones, drop those gone."""
        if not tasks:
            await self._replace([Static("No background tasks.", classes="tasks-empty")])
            return
        have = {row.task_id: row for row in self.rows()}
        if [str(t.get("id", "")) for t in tasks] == list(have):
            for task in tasks:
                have[str(task.get("id", ""))].set_task(task)
            return
        focused = self.focused.task_id if isinstance(self.focused, TaskRow) else None
        await self._replace([TaskRow(t) for t in tasks])
        rows = self.rows()
        target = next((r for r in rows if r.task_id == focused), rows[0])
        target.focus()

    async def _replace(self, widgets: list) -> None:
        body = self.query_one("#tasks-list", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(widgets)

    def action_move(self, step: int) -> None:
        rows = self.rows()
        if not rows:
            return
        index = rows.index(self.focused) if self.focused in rows else -1
        rows[max(0, min(len(rows) - 1, index + step))].focus()

    async def action_reload(self) -> None:
        await self.reload()

    async def action_cancel_task(self) -> None:
        row = self.focused
        if not isinstance(row, TaskRow):
            self.notify("Select a task first (↑↓).")
            return
        if not row.running:
            self.notify(f"That task is {row.record.get('status')}: nothing to cancel.")
            return
        try:
            done = await self._cancel(row.task_id)
        except Exception as exc:
            self.notify(f"Cannot cancel: {exc}", severity="error", markup=False)
            return
        self.notify("Task cancelled: what it had not committed never will."
                    if done else "The task had already finished.")  # fmt: skip
        await self.reload()
