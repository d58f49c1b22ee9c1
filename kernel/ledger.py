"""The action ledger: one append-only row per action, each carrying the hash of the row before
it, so editing or deleting history is detectable.

Two kinds of row hash: the plain sha256 of rows written before the ledger was anchored
(databases from before issue 10), and the keyed HMAC-SHA256 of every row since, whose key lives
outside the database (kernel/anchor.py). A keyed row also covers its own id, so renumbering
breaks it. `walk` checks a chain against the key and the head kept outside the database."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from kernel import retention
from kernel.canonical import canonical_json, sha256_hex
from kernel.redact import REDACTOR

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


def keyed_hash(key: bytes, prev_hash: str, row_id: int, fields: dict[str, Any]) -> str:
    """HMAC-SHA256 over the row's id, the previous hash and the hashed fields."""
    payload = canonical_json({"id": row_id, **{k: fields[k] for k in HASHED_FIELDS}})
    return hmac.new(key, (prev_hash + payload).encode("utf-8"), hashlib.sha256).hexdigest()


def _row(
    entry: LedgerEntry, prev: str, row_id: int | None = None, key: bytes | None = None
) -> tuple[list[Any], str]:
    """The column values of `entry` chained after `prev`, and its own hash (keyed with `key`
    and covering `row_id` when given)."""
    fields = {name: getattr(entry, name) for name in _ENTRY_FIELDS}  # asdict deep-copies
    # what is stored is what is hashed: known secret values never enter the ledger
    fields.update(args_json=REDACTOR.json_text(entry.args_json), error=REDACTOR.text(entry.error))
    fields.update(
        ts=utcnow(),
        args_sha256=sha256_hex(entry.args_json),
        retention_class=entry.retention_class,
    )
    if key is not None and row_id is not None:
        digest = keyed_hash(key, prev, row_id, fields)
    else:
        digest = row_hash(prev, fields)
    return [fields[k] for k in HASHED_FIELDS] + [prev, digest], digest


_INSERT = (
    f"INSERT INTO ledger ({', '.join(HASHED_FIELDS)}, prev_hash, row_hash) "
    f"VALUES ({', '.join('?' * (len(HASHED_FIELDS) + 2))})"
)
_INSERT_ID = (
    f"INSERT INTO ledger (id, {', '.join(HASHED_FIELDS)}, prev_hash, row_hash) "
    f"VALUES ({', '.join('?' * (len(HASHED_FIELDS) + 3))})"
)


def last_hash(conn: sqlite3.Connection) -> str:
    """The hash the next row chains to (sync: the group commit runs in the writer thread)."""
    return last_row(conn)[1]


def last_row(conn: sqlite3.Connection) -> tuple[int, str]:
    """The newest row's id and hash ((0, GENESIS) when the ledger is empty)."""
    last = conn.execute("SELECT id, row_hash FROM ledger ORDER BY id DESC LIMIT 1").fetchone()
    return (last[0], last[1]) if last else (0, GENESIS)


def append_sync(
    conn: sqlite3.Connection,
    entry: LedgerEntry,
    prev: str,
    *,
    key: bytes | None = None,
    row_id: int | None = None,
) -> tuple[int, str]:
    """Append within the caller's open transaction after the row whose hash is `prev`; the
    new id and hash. With `key`, the row gets id `row_id` (the one after the newest, so ids
    stay contiguous) and a keyed hash. The group commit passes each row's hash to the next,
    and rolls an action's row back with its savepoint, so the chain stays whole."""
    if key is None:
        values, digest = _row(entry, prev)
        return conn.execute(_INSERT, values).lastrowid, digest
    if row_id is None:
        raise ValueError("a keyed row needs its id")
    values, digest = _row(entry, prev, row_id, key)
    conn.execute(_INSERT_ID, [row_id, *values])
    return row_id, digest


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


@dataclass(frozen=True)
class Head:
    """The newest row as the kernel last committed it, kept outside the database
    (kernel/anchor.py): `count` rows, the last with id `last_id` and hash `row_hash`; rows from
    `keyed_from` on carry keyed hashes (rows before it are the plain-hash history)."""

    count: int
    last_id: int
    row_hash: str
    keyed_from: int


@dataclass(frozen=True)
class Verdict:
    """The outcome of a walk: `row` is the id of the first bad or missing row (None: intact,
    or a problem not tied to one row, said in `reason`)."""

    ok: bool
    rows: int
    row: int | None = None
    reason: str = ""


class Walker:
    """Checks rows fed oldest first: contiguous ids from 1, each chained to the one before,
    each hash right. Plain hashes are accepted only before the first keyed row and before
    `head.keyed_from`; from there on every row must carry a keyed hash. With `head`, the rows
    up to `head.last_id` must all be there, the last with the head's hash (rows after it are
    fine: they are keyed, committed after the head file was last written)."""

    def __init__(
        self, key: bytes | None = None, head: Head | None = None, now: datetime | None = None
    ):
        self.key, self.head = key, head
        self.now = now or datetime.now(UTC)
        self.prev, self.expected, self.keyed = GENESIS, 1, False
        self.at_head = GENESIS  # the hash of row head.last_id (0: the empty ledger's)

    def step(self, r: dict[str, Any]) -> Verdict | None:
        """None while the chain holds; the failing verdict at the first bad row."""
        rid, prev = r["id"], self.prev
        if rid != self.expected:
            return Verdict(
                False, self.expected - 1, min(rid, self.expected), _gap(rid, self.expected)
            )
        if r["prev_hash"] != prev:
            return Verdict(False, rid - 1, rid, f"row {rid} does not chain to row {rid - 1}")
        plain_until = self.head.keyed_from if self.head is not None else None
        if r.get("pruned"):  # blanked at the end of its retention period (kernel/retention)
            why = retention.check_pruned(self.key, r, self.now)
            if why:
                return Verdict(False, rid - 1, rid, f"row {rid}: {why}")
            self.keyed = self.keyed or (plain_until is not None and rid >= plain_until)
            return self._advance(r)
        plain_ok = (
            not self.keyed
            and (plain_until is None or rid < plain_until)
            and row_hash(prev, r) == r["row_hash"]
        )
        if not plain_ok:
            key = self.key
            if key is None or not hmac.compare_digest(keyed_hash(key, prev, rid, r), r["row_hash"]):
                why = "its hash does not match" + ("" if key else " (no ledger key to check)")
                return Verdict(False, rid - 1, rid, f"row {rid}: {why}")
            self.keyed = True
        return self._advance(r)

    def _advance(self, r: dict[str, Any]) -> None:
        self.prev = r["row_hash"]
        if self.head is not None and r["id"] == self.head.last_id:
            self.at_head = self.prev
        self.expected += 1
        return None

    def end(self) -> Verdict:
        count, head = self.expected - 1, self.head
        if head is not None:
            if count < head.last_id:
                return Verdict(
                    False, count, count + 1,
                    f"rows {count + 1}..{head.last_id} are missing (the head records "
                    f"{head.count} rows)",
                )  # fmt: skip
            if self.at_head != head.row_hash:
                return Verdict(False, count, head.last_id, f"row {head.last_id} is not the head")
        return Verdict(True, count)


def walk(rows, key: bytes | None = None, head: Head | None = None) -> Verdict:
    """`Walker` over an iterable of row dicts."""
    walker = Walker(key, head)
    for r in rows:
        bad = walker.step(r)
        if bad is not None:
            return bad
    return walker.end()


def _gap(rid: int, expected: int) -> str:
    if rid > expected:
        return f"row {expected} is missing"
    return f"row {rid} is out of order (expected {expected})"


async def check(conn, key: bytes | None = None, head: Head | None = None) -> Verdict:
    """Walk the chain on an aiosqlite reader connection (`db.read()`): one SELECT reads one
    WAL snapshot, so the walk is consistent and writers go on committing meanwhile. Read the
    head before calling: a head newer than the snapshot would name rows not yet visible."""
    walker = Walker(key, head)
    async with conn.execute("SELECT * FROM ledger ORDER BY id") as cur:
        async for r in cur:
            bad = walker.step(dict(r))
            if bad is not None:
                return bad
    return walker.end()


async def verify(conn, key: bytes | None = None, head: Head | None = None) -> int | None:
    """The id of the first bad or missing row, or None when intact (see `check`)."""
    verdict = await check(conn, key, head)
    if verdict.ok:
        return None
    return verdict.row if verdict.row is not None else 0


FILTERS = ("user_id", "app_id", "status")


def select_sql(
    filters: dict[str, str], since: str | None = None, limit: int | None = None
) -> tuple[str, list[Any]]:
    """SELECT for rows matching every filter (column -> value, FILTERS only) and, with `since`,
    those with `ts >= since` (an ISO time in utcnow's form); the newest `limit` when given,
    always returned oldest first."""
    where, params = [], []
    for column, value in filters.items():
        if column not in FILTERS:
            raise ValueError(f"cannot filter the ledger by {column!r}")
        where.append(f"{column} = ?")
        params.append(value)
    if since is not None:
        where.append("ts >= ?")
        params.append(since)
    sql = "SELECT * FROM ledger" + (" WHERE " + " AND ".join(where) if where else "")
    if limit is None:
        return sql + " ORDER BY id", params
    return f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?) ORDER BY id", [*params, int(limit)]


def parse_since(text: str) -> str:
    """An ISO date or time (naive means UTC) as the ledger writes `ts`; ValueError if not."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since {text!r} is not an ISO date or time (2026-01-31T12:00)"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    stamp = when.astimezone(UTC).isoformat(timespec="microseconds")
    return stamp.replace("+00:00", "Z")
