"""Pending confirmation cards: what the user was shown, and what runs if they accept."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from kernel.events import Card


@dataclass
class PendingCard:
    card: Card
    user_id: str
    source: str
    continuation: list[Any] = field(default_factory=list)  # plan steps still to run after it
    created: float = field(default_factory=time.monotonic)


class CardExpired(Exception):
    """The card waited longer than the store keeps cards; what it showed may be out of date."""


class CardStore:
    """In-memory, per kernel; a card is answered once, by the user it was shown to, within
    `ttl` seconds (a card left by `imperal-shell run` without --yes does not wait for ever)."""

    def __init__(self, ttl: float = 900.0) -> None:
        self.ttl = ttl
        self._cards: dict[str, PendingCard] = {}

    def _stale(self, pending: PendingCard) -> bool:
        return time.monotonic() - pending.created > self.ttl

    def add(self, pending: PendingCard) -> None:
        for card_id in [c for c, p in self._cards.items() if self._stale(p)]:
            del self._cards[card_id]
        self._cards[pending.card.card_id] = pending

    def take(self, card_id: str, user_id: str) -> PendingCard | None:
        pending = self._cards.get(card_id)
        if pending is None or pending.user_id != user_id:
            return None
        del self._cards[card_id]
        if self._stale(pending):
            raise CardExpired(card_id)
        return pending

    def pending(self, user_id: str) -> list[Card]:
        return [p.card for p in self._cards.values() if p.user_id == user_id and not self._stale(p)]


def new_card_id() -> str:
    return "card_" + uuid.uuid4().hex[:10]
