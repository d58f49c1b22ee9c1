"""Stage 4, record: the ledger row of every outcome; a call's writes commit with its row."""

from __future__ import annotations

from dataclasses import dataclass

from kernel import ledger
from kernel.canonical import canonical_json, sha256_hex

TENANT = "default"
ARGS_MAX = 64 * 1024  # a row's arguments beyond this many bytes are kept as a digest
REFUSED_ARGS_MAX = ARGS_MAX  # the name earlier code used


def _bounded(args_json: str) -> str:
    """What a row keeps of its arguments: all of them, or their size and sha256 when they
    are over ARGS_MAX bytes (a 10 MB request must not grow the append-only ledger by 10 MB,
    whether it was refused or ran)."""
    size = len(args_json.encode("utf-8"))
    if size <= ARGS_MAX:
        return args_json
    return canonical_json({"$omitted": {"bytes": size, "sha256": sha256_hex(args_json)}})


@dataclass
class Call:
    """Who asked for what, as the ledger records it."""

    user_id: str
    app_id: str
    function: str
    source: str
    step_id: str = "s1"
    tenant_id: str = TENANT


def entry(call: Call, action_type: str, args_json: str, status: str, started: str,
          error: str = "", card_id: str = "") -> ledger.LedgerEntry:  # fmt: skip
    return ledger.LedgerEntry(
        user_id=call.user_id,
        tenant_id=call.tenant_id,
        app_id=call.app_id,
        function=call.function,
        action_type=action_type,
        source=call.source,
        args_json=args_json,
        status=status,
        started_at=started,
        ended_at=ledger.utcnow(),
        error=error[:2000],
        card_id=card_id,
    )


async def standalone(db, call: Call, action_type: str, args_json: str, status: str,
                     started: str, error: str = "", card_id: str = "") -> int:  # fmt: skip
    """A row for an outcome whose handler wrote nothing (refused, failed, cancelled)."""
    return await db.commit(None, entry(call, action_type, _bounded(args_json), status, started,
                                       error, card_id))  # fmt: skip


async def with_writes(db, stage, call: Call, action_type: str, args_json: str, started: str,
                      card_id: str = "") -> int:  # fmt: skip
    """The handler's staged writes and its `ok` row in one durable commit (or neither)."""
    row = entry(call, action_type, _bounded(args_json), "ok", started, "", card_id)
    return await db.commit(stage, row)
