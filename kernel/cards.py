"""Pending confirmation cards, in SQLite: what the user was shown, and what runs if they accept.

Why durable: a card must outlive the resident kernel (idle exit, restart) until it expires,
so `imperal-shell confirm CARD --digest HEX` works from a later process. A card is answered
once (taking it marks it taken inside a write transaction, so two confirms cannot both run
it), only by the user it was shown to, within `ttl` seconds.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from kernel.events import Card

_PURGE_AFTER = 86_400.0  # expired cards stay a day, so a late confirm hears "expired"


@dataclass
class PendingCard:
    card: Card
    user_id: str
    source: str
    continuation: list[Any] = field(default_factory=list)  # plan steps (JSON) after it
    created: float = field(default_factory=time.time)  # epoch seconds: survives restarts


class CardExpired(Exception):
    """The card waited longer than the store keeps cards; what it showed may be out of date."""


class CardStore:
    """`cards` table of the kernel's database (migration 2)."""

    def __init__(self, db, ttl: float = 900.0) -> None:
        self.db = db
        self.ttl = ttl

    def _stale(self, created: float, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) - created > self.ttl

    async def add(self, pending: PendingCard) -> None:
        """Store the card durably (fsync'd before this returns). `continuation` must be
        JSON (a list of plain dicts)."""
        try:
            continuation = json.dumps(list(pending.continuation), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"a card's continuation must be plain JSON: {exc}") from None
        card = pending.card
        async with self.db.write() as conn:
            await conn.execute(
                "DELETE FROM cards WHERE status != 'pending' OR created_at < ?",
                (time.time() - self.ttl - _PURGE_AFTER,),
            )
            await conn.execute(
                "INSERT INTO cards (card_id, user_id, step_id, app_id, function, action_type, "
                "args_json, digest, description, source, continuation_json, created_at, status) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'pending')",
                (card.card_id, pending.user_id, card.step_id, card.app_id, card.function,
                 card.action_type, card.args_json, card.digest, card.description,
                 pending.source, continuation, pending.created),
            )  # fmt: skip

    async def take(self, card_id: str, user_id: str) -> PendingCard | None:
        """The pending card, now taken (no one can take it again); None when there is no
        such card for this user. Raises CardExpired for a card past its ttl (also taken)."""
        async with (
            self.db.write() as conn,
            conn.execute(
                "UPDATE cards SET status='taken' WHERE card_id=? AND user_id=? "
                "AND status='pending' RETURNING *",
                (card_id, user_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        if row is None:
            return None
        if self._stale(row["created_at"]):
            raise CardExpired(card_id)
        return _pending(row)

    async def pending(self, user_id: str) -> list[Card]:
        """This user's cards still waiting for an answer, oldest first."""
        async with (
            self.db.read() as conn,
            conn.execute(
                "SELECT * FROM cards WHERE user_id=? AND status='pending' AND created_at >= ? "
                "ORDER BY created_at, card_id",
                (user_id, time.time() - self.ttl),
            ) as cur,
        ):
            rows = await cur.fetchall()
        return [_pending(r).card for r in rows]


def _pending(row) -> PendingCard:
    card = Card(
        card_id=row["card_id"],
        step_id=row["step_id"],
        app_id=row["app_id"],
        function=row["function"],
        action_type=row["action_type"],
        args_json=row["args_json"],
        digest=row["digest"],
        description=row["description"],
    )
    return PendingCard(
        card, row["user_id"], row["source"], json.loads(row["continuation_json"]), row["created_at"]
    )


def new_card_id() -> str:
    return "card_" + uuid.uuid4().hex[:10]
