"""The action ledger: one append-only row per action, each carrying the hash of the row before
it, so editing or deleting history is detectable."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from kernel.canonical import canonical_json, sha256_hex

GENESIS = "0" * 64
HASHED_FIELDS = (
    "ts",
    "user_id",
    "tenant_id",
    "app_id",
    "function",
    "action_type",
    "source",
    "args_json",
    "args_sha256",
    "status",
    "error",
    "card_id",
    "started_at",
    "ended_at",
    "retention_class",
)
RETENTION = {"read": "operational_90d", "write": "federal_7y", "destructive": "federal_7y"}


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class LedgerEntry:
    user_id: str
    tenant_id: str
    app_id: str
    function: str
    action_type: str
    source: str
    args_json: str
    status: str
    started_at: str
    ended_at: str
    error: str = ""
    card_id: str = ""

    @property
    def retention_class(self) -> str:
        return RETENTION.get(self.action_type, "federal_7y")


_ENTRY_FIELDS = tuple(f.name for f in fields(LedgerEntry))


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = canonical_json({k: fields[k] for k in HASHED_FIELDS})
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _row(entry: LedgerEntry, prev: str) -> tuple[list[Any], str]:
    """The column values of `entry` chained after `prev`, and its own hash."""
    fields = {name: getattr(entry, name) for name in _ENTRY_FIELDS}  # asdict deep-copies
    fields.update(
        ts=utcnow(),
        args_sha256=sha256_hex(entry.args_json),
        retention_class=entry.retention_class,
    )
    digest = row_hash(prev, fields)
    return [fields[k] for k in HASHED_FIELDS] + [prev, digest], digest


_INSERT = (
    f"INSERT INTO ledger ({', '.join(HASHED_FIELDS)}, prev_hash, row_hash) "
    f"VALUES ({', '.join('?' * (len(HASHED_FIELDS) + 2))})"
)


def last_hash(conn: sqlite3.Connection) -> str:
    """The hash the next row chains to (sync: the group commit runs in the writer thread)."""
    last = conn.execute("SELECT row_hash FROM ledger ORDER BY id DESC LIMIT 1").fetchone()
    return last[0] if last else GENESIS


def append_sync(conn: sqlite3.Connection, entry: LedgerEntry, prev: str) -> tuple[int, str]:
    """Append within the caller's open transaction after the row whose hash is `prev`; the
    new id and hash. The group commit passes each row's hash to the next, and rolls an
    action's row back with its savepoint, so the chain stays whole."""
    values, digest = _row(entry, prev)
    return conn.execute(_INSERT, values).lastrowid, digest


async def append(conn, entry: LedgerEntry) -> int:
    """Append within the caller's open transaction (aiosqlite); returns the new row id."""
    async with conn.execute("SELECT row_hash FROM ledger ORDER BY id DESC LIMIT 1") as cur:
        last = await cur.fetchone()
    values, _ = _row(entry, last[0] if last else GENESIS)
    cur = await conn.execute(_INSERT, values)
    return cur.lastrowid


async def rows(conn, *, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
    """The newest `limit` rows, oldest first."""
    sql = "SELECT * FROM ledger"
    params: list[Any] = []
    if user_id is not None:
        sql += " WHERE user_id = ?"
        params.append(user_id)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(max(0, int(limit)))
    async with conn.execute(sql, params) as cur:
        found = [dict(r) for r in await cur.fetchall()]
    return found[::-1]


async def verify(conn) -> int | None:
    """Walk the chain; the id of the first row that does not match, or None when intact.

    Give it a reader connection (`db.read()`): one SELECT reads one WAL snapshot, so the walk
    is consistent and writers go on committing meanwhile."""
    prev = GENESIS
    async with conn.execute("SELECT * FROM ledger ORDER BY id") as cur:
        async for r in cur:
            fields = dict(r)
            if fields["prev_hash"] != prev or row_hash(prev, fields) != fields["row_hash"]:
                return fields["id"]
            prev = fields["row_hash"]
    return None
