"""Tasks (calls promoted to the background, `ctx.background_task`) in SQLite.

Why a table: `imperal-shell tasks` in one process lists what the resident kernel runs, and
after a crash a task must not show 'running' for ever. `Database.open` marks every row still
'running' as 'lost' (whoever opens the file owns it: one kernel per data dir).
"""

from __future__ import annotations

import json
import time
from typing import Any

from kernel.redact import REDACTOR

STATUSES = ("running", "ok", "error", "cancelled", "lost")
_FIELDS = ("status", "progress", "message", "result", "error", "name")


class TaskStore:
    def __init__(self, db) -> None:
        self.db = db

    async def create(
        self,
        *,
        task_id: str,
        user_id: str,
        app_id: str = "",
        function: str = "",
        name: str = "",
        kind: str = "call",
        message: str = "",
    ) -> dict[str, Any]:
        now = time.time()
        name, message = REDACTOR.text(name), REDACTOR.text(message)
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO tasks (id, user_id, app_id, function, name, kind, status, progress, "
                "message, created_at, updated_at) VALUES (?,?,?,?,?,?,'running',0,?,?,?)",
                (task_id, user_id, app_id, function, name, kind, message, now, now),
            )
        return await self.get(task_id)

    async def update(self, task_id: str, **fields: Any) -> bool:
        """Change status, progress, message, result (any JSON), error or name; a None value
        leaves that field as it is. A finished task (not 'running') stays finished, so a
        late progress report cannot revive it. True when the row changed."""
        unknown = set(fields) - set(_FIELDS)
        if unknown:
            raise ValueError(f"unknown task fields: {', '.join(sorted(unknown))}")
        values = {k: v for k, v in fields.items() if v is not None}
        if "status" in values and values["status"] not in STATUSES:
            raise ValueError(f"unknown task status {values['status']!r}")
        for text in ("message", "error", "name"):  # known secret values never enter the table
            if isinstance(values.get(text), str):
                values[text] = REDACTOR.text(values[text])
        if "result" in values:
            result = REDACTOR.data(values.pop("result"))
            values["result_json"] = json.dumps(result, ensure_ascii=False)
        if "progress" in values:
            values["progress"] = max(0.0, min(100.0, float(values["progress"])))
        if not values:
            return False
        sets = ", ".join(f"{k}=?" for k in values)
        async with self.db.write() as conn:
            cur = await conn.execute(
                f"UPDATE tasks SET {sets}, updated_at=? WHERE id=? AND status='running'",
                (*values.values(), time.time(), task_id),
            )
        return cur.rowcount > 0

    async def get(self, task_id: str) -> dict[str, Any] | None:
        async with (
            self.db.read() as conn,
            conn.execute("SELECT * FROM tasks WHERE id=?", (task_id,)) as cur,
        ):
            row = await cur.fetchone()
        return _task(row) if row else None

    async def list(self, user_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """This user's tasks, newest first: running ones and recent finished ones."""
        async with (
            self.db.read() as conn,
            conn.execute(
                "SELECT * FROM tasks WHERE user_id=? ORDER BY created_at DESC, id LIMIT ?",
                (user_id, max(0, int(limit))),
            ) as cur,
        ):
            rows = await cur.fetchall()
        return [_task(r) for r in rows]


def _task(row) -> dict[str, Any]:
    task = dict(row)
    raw = task.pop("result_json")
    task["result"] = json.loads(raw) if raw else None
    return task
