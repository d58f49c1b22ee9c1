"""The chat's record of a card: where it was asked, and later how it was answered."""

from __future__ import annotations

from textual.widgets import Static

from imperal_tui.sanitize import neutralise
from kernel.events import Card


class CardLine(Static):
    DEFAULT_CSS = """
    CardLine { height: auto; color: $text-warning; padding: 0 0 0 1; border-left: outer $warning; }
    CardLine.-resolved { color: $text-muted; border-left: outer $panel-lighten-2; }
    """

    def __init__(self, card: Card) -> None:
        self.card = card
        self.outcome: str | None = None
        super().__init__(self._text("waiting (above the prompt)"), markup=False)

    def _text(self, state: str) -> str:
        card = self.card
        what = f"{card.app_id}.{card.function} ({card.action_type}, digest {card.short_digest})"
        return neutralise(f"card {what}: {state}")  # the reason is the user's, names are not

    def resolve(self, outcome: str, reason: str = "") -> None:
        """`outcome`: "confirmed", "denied" or "expired"; `reason` goes with a denial."""
        self.outcome = outcome
        marks = {"confirmed": "✓ confirmed", "denied": "✗ denied", "expired": "✗ expired"}
        state = marks.get(outcome, outcome) + (f": {reason}" if reason else "")
        self.update(self._text(state))
        self.add_class("-resolved")
