"""Pending confirmation cards: what the user was shown, and what runs if they accept."""

from __future__ import annotations

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


class CardStore:
    """In-memory, per kernel; a card is answered once, by the user it was shown to."""

    def __init__(self) -> None:
        self._cards: dict[str, PendingCard] = {}

    def add(self, pending: PendingCard) -> None:
        self._cards[pending.card.card_id] = pending

    def take(self, card_id: str, user_id: str) -> PendingCard | None:
        pending = self._cards.get(card_id)
        if pending is None or pending.user_id != user_id:
            return None
        return self._cards.pop(card_id)

    def pending(self, user_id: str) -> list[Card]:
        return [p.card for p in self._cards.values() if p.user_id == user_id]


def new_card_id() -> str:
    return "card_" + uuid.uuid4().hex[:10]
