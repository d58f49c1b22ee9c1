"""Pairs the two copies of one panel invalidation, so a panel re-renders once per write.

The kernel publishes `PanelInvalidated` on the user's subscription for every successful write,
whoever made it, and also yields it on the turn that made the write. While the subscription is
live the app refreshes panels from the subscription only (its copy always comes after the
commit, so a render it starts never shows older data); the turn's copy is just paired with its
twin. A turn copy whose twin does not come within `ECHO_WAIT` (a subscription that died) is
handed back so the app refreshes anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable

ECHO_WAIT = 1.0  # seconds a turn's copy waits for the subscription's
SEEN_KEEP = 5.0  # seconds a subscription copy can still pair with a late turn copy

Key = tuple[str, tuple[str, ...] | None]


class InvalidationEchoes:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._from_turn: list[tuple[float, Key]] = []  # waiting for their subscription copy
        self._from_sub: list[tuple[float, Key]] = []  # not yet paired with a turn copy

    def from_subscription(self, key: Key) -> None:
        """A subscription copy (the caller refreshes for it): pair it, or remember it."""
        self._prune()
        if not self._take(self._from_turn, key):
            self._from_sub.append((self.clock(), key))

    def from_turn(self, key: Key) -> None:
        """A turn's copy while the subscription is live: no refresh of its own."""
        self._prune()
        if not self._take(self._from_sub, key):
            self._from_turn.append((self.clock(), key))

    def overdue(self) -> list[Key]:
        """Turn copies whose twin never came: the caller refreshes for them."""
        now = self.clock()
        late = [k for t, k in self._from_turn if now - t >= ECHO_WAIT]
        self._from_turn = [(t, k) for t, k in self._from_turn if now - t < ECHO_WAIT]
        return late

    @property
    def waiting(self) -> bool:
        return bool(self._from_turn)

    def clear(self) -> list[Key]:
        """Forget everything (the subscription ended); returns the copies still unpaired."""
        late = [k for _, k in self._from_turn]
        self._from_turn.clear()
        self._from_sub.clear()
        return late

    def _prune(self) -> None:
        now = self.clock()
        self._from_sub = [(t, k) for t, k in self._from_sub if now - t < SEEN_KEEP]

    @staticmethod
    def _take(items: list[tuple[float, Key]], key: Key) -> bool:
        for index, (_, k) in enumerate(items):
            if k == key:
                del items[index]
                return True
        return False
