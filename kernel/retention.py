"""Retention: ledger rows past their class's period lose their content, and the chain still
verifies.

Each row has a retention class from its action type (`ledger.RETENTION`: reads
`operational_90d`, writes and destructive actions `federal_7y`). Pruning an expired row keeps
its place in the chain (id, time, class, action type, status, the digest of its arguments,
`prev_hash`, `row_hash`) and blanks what it said (user, tenant, app, function, source,
arguments, error, card). A blanked row's hash can no longer be recomputed, so pruning writes a
**prune mark**: an HMAC, with the ledger key that lives outside the database, over the row's id,
hash, time and class. The verifier accepts a blanked row only with a valid mark and only when
its class's period had run out; a row blanked by anyone without the key, or before its time,
is reported like any other tampering. A ledger without a key (not anchored) is never pruned.

Rows are pruned in place rather than deleted: classes interleave (a read between two writes),
and a gap in the ids is exactly what verification must keep reporting as tampering.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

from kernel.canonical import canonical_json

PERIODS: dict[str, timedelta] = {
    "operational_90d": timedelta(days=90),
    "federal_7y": timedelta(days=7 * 365 + 2),  # seven years, leap days included
}
BLANKED = ("user_id", "tenant_id", "app_id", "function", "source", "args_json", "error", "card_id")
BATCH = 500


def mark(key: bytes, row_id: int, row_hash: str, ts: str, retention_class: str) -> str:
    """The prune mark of one row."""
    payload = canonical_json(
        {"pruned": row_id, "row_hash": row_hash, "ts": ts, "retention_class": retention_class}
    )
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_ts(ts: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def expired(ts: str, retention_class: str, now: datetime) -> bool:
    """True when a row written at `ts` of `retention_class` is past its period at `now`
    (an unknown class or time never expires)."""
    period, when = PERIODS.get(retention_class), parse_ts(ts)
    return period is not None and when is not None and when + period <= now


def check_pruned(key: bytes | None, r: dict[str, Any], now: datetime) -> str:
    """Why a blanked row `r` is not a legitimate prune ("" when it is)."""
    if key is None:
        return "it was pruned, and there is no ledger key to check its mark"
    want = mark(key, r["id"], r["row_hash"], r["ts"], r["retention_class"])
    if not hmac.compare_digest(want, str(r.get("pruned") or "")):
        return "its prune mark does not match"
    if not expired(r["ts"], r["retention_class"], now):
        return f"it was pruned before its {r['retention_class']} period ran out"
    if any(r.get(col) for col in BLANKED):
        return "it carries content after it was pruned"
    return ""


def cutoffs(now: datetime) -> dict[str, str]:
    """Per class, the `ts` before which rows have expired (in the ledger's `ts` format)."""
    return {
        rc: (now - period).isoformat(timespec="microseconds").replace("+00:00", "Z")
        for rc, period in PERIODS.items()
    }


async def prune(db: Any, key: bytes | None, *, now: datetime | None = None) -> int:
    """Blank every expired, unpruned row of `db`'s ledger (in batches, each its own short
    write transaction); how many rows were pruned. Nothing happens without a key."""
    if key is None:
        return 0
    now = now or datetime.now(UTC)
    total = 0
    for rc, cutoff in cutoffs(now).items():
        while True:
            async with (
                db.read() as conn,
                conn.execute(
                    "SELECT id, ts, row_hash FROM ledger WHERE retention_class = ?"
                    " AND pruned = '' AND ts < ? ORDER BY id LIMIT ?",
                    (rc, cutoff, BATCH),
                ) as cur,
            ):
                batch = [tuple(r) for r in await cur.fetchall()]
            batch = [b for b in batch if expired(b[1], rc, now)]
            if not batch:
                break
            blank = ", ".join(f"{col} = ''" for col in BLANKED)
            async with db.write() as conn:
                await conn.executemany(
                    f"UPDATE ledger SET {blank}, pruned = ? WHERE id = ? AND pruned = ''",
                    [(mark(key, rid, h, ts, rc), rid) for rid, ts, h in batch],
                )
            total += len(batch)
            if len(batch) < BATCH:
                break
    return total
