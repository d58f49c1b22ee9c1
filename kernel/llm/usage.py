"""Token accounting: one `llm_usage` row per model completion, and totals per user and extension.

Every caller of a provider records what the answer cost: `ctx.ai.complete` (purpose "ctx.ai",
for the extension that asked), the router ("classify", "chat"; app_id "" when no extension is
involved). These rows are accounting, not the ledger: the action that led to a completion has
its own ledger row. A row is written in one short transaction of its own (`Database.write()`),
so never call `record_usage` while holding that write lock.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["record_usage", "tokens_of", "totals"]


def _text(value: Any, name: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"llm usage: {name} must be a {'' if empty else 'non-empty '}string")
    return value


def _count(value: Any) -> int:
    """A token count as reported; anything that is not a non-negative int counts as 0 (a
    provider's odd report must not lose the row)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return 0
    return value


def tokens_of(completion: Any) -> tuple[str, int, int]:
    """(model, input_tokens, output_tokens) of a `Completion`/`CompletionResult` or of a dict
    with the same fields."""
    if isinstance(completion, Mapping):
        model, usage = completion.get("model"), completion.get("usage")
    else:
        model, usage = getattr(completion, "model", ""), getattr(completion, "usage", None)
    usage = usage if isinstance(usage, Mapping) else {}
    model = model if isinstance(model, str) else ""
    return model, _count(usage.get("input_tokens")), _count(usage.get("output_tokens"))


async def record_usage(
    db: Any,
    user_id: str,
    app_id: str,
    purpose: str,
    provider_name: str,
    completion: Any,
    *,
    ts: float | None = None,
) -> int:
    """Append one row for `completion` (its `model` and `usage` {input_tokens, output_tokens});
    returns the row id. `db` is the kernel's `kernel.db.Database`. `app_id` may be "" (a
    completion no extension asked for). ValueError for an empty user, purpose or provider."""
    user_id = _text(user_id, "user_id")
    app_id = _text(app_id, "app_id", empty=True)
    purpose = _text(purpose, "purpose")
    provider_name = _text(provider_name, "provider_name")
    model, input_tokens, output_tokens = tokens_of(completion)
    row = (time.time() if ts is None else float(ts), user_id, app_id, purpose, provider_name,
           model, input_tokens, output_tokens)  # fmt: skip
    async with db.write() as conn:
        cursor = await conn.execute(
            "INSERT INTO llm_usage (ts, user_id, app_id, purpose, provider, model, "
            "input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        return int(cursor.lastrowid)


def _epoch(since: float | datetime | None) -> float | None:
    if since is None:
        return None
    if isinstance(since, datetime):
        return since.timestamp()  # a naive datetime is local time, as datetime reads it
    if isinstance(since, bool) or not isinstance(since, int | float):
        raise ValueError("llm usage: since must be epoch seconds or a datetime")
    return float(since)


async def totals(
    db: Any, user_id: str | None = None, since: float | datetime | None = None
) -> list[dict[str, Any]]:
    """Tokens per (user, extension), ordered by user then app: dicts of `user_id`, `app_id`,
    `calls`, `input_tokens`, `output_tokens`, `total_tokens`, `first_ts`, `last_ts` (epoch
    seconds). `user_id` keeps one user's rows; `since` (epoch seconds or a datetime) keeps
    rows from then on."""
    where, args = [], []
    if user_id is not None:
        where.append("user_id = ?")
        args.append(_text(user_id, "user_id"))
    cutoff = _epoch(since)
    if cutoff is not None:
        where.append("ts >= ?")
        args.append(cutoff)
    sql = (
        "SELECT user_id, app_id, COUNT(*) AS calls, SUM(input_tokens) AS input_tokens, "
        "SUM(output_tokens) AS output_tokens, MIN(ts) AS first_ts, MAX(ts) AS last_ts "
        "FROM llm_usage"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY user_id, app_id ORDER BY user_id, app_id"
    )
    async with db.read() as conn, conn.execute(sql, args) as cursor:
        rows = await cursor.fetchall()
    return [
        {
            "user_id": r["user_id"],
            "app_id": r["app_id"],
            "calls": r["calls"],
            "input_tokens": r["input_tokens"],
            "output_tokens": r["output_tokens"],
            "total_tokens": r["input_tokens"] + r["output_tokens"],
            "first_ts": r["first_ts"],
            "last_ts": r["last_ts"],
        }
        for r in rows
    ]
