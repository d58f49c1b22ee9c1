"""The pending cards, docked above the prompt: the oldest is shown, the count is in its title.

The queue never takes the focus: the prompt keeps it, so what the user types lands there.
`request("confirm")` (the app's ctrl+y) approves the card on show, unless it became the card
on show less than `arm_delay` seconds ago (a chord pressed for the previous card, or held
down, does not approve the next one unseen). `request("deny")` (ctrl+n) opens the card's
reason line; a second ctrl+n, or Enter there, denies with what was typed.
"""

from __future__ import annotations

import time

from textual import events
from textual.containers import Vertical
from textual.widget import Widget

from imperal_tui.widgets.cards.confirmation import CardArgs, ConfirmationCard
from kernel.events import Card

ARM_DELAY = 0.5  # seconds a card is on show before ctrl+y approves it


class CardQueue(Vertical):
    DEFAULT_CSS = """
    CardQueue { height: auto; display: none; }
    CardQueue.-pending { display: block; }
    """

    arm_delay = ARM_DELAY

    def __init__(self, prompt: Widget) -> None:
        """`prompt`: where the focus goes back to, and where stray keys are re-sent."""
        super().__init__(id="cards")
        self.prompt = prompt
        self._order: list[ConfirmationCard] = []
        self._shown: ConfirmationCard | None = None
        self._front_since = 0.0

    @property
    def front(self) -> ConfirmationCard | None:
        """The card on show (the oldest pending one)."""
        return self._order[0] if self._order else None

    def __len__(self) -> int:
        return len(self._order)

    def get(self, card_id: str) -> ConfirmationCard | None:
        return next((w for w in self._order if w.card.card_id == card_id), None)

    async def add(self, card: Card) -> ConfirmationCard:
        """Queue a card (a card already queued is not added twice)."""
        widget = self.get(card.card_id)
        if widget is not None:
            return widget
        widget = ConfirmationCard(card)
        self._order.append(widget)
        await self.mount(widget)
        self._relabel()
        return widget

    def drop(self, card_id: str) -> ConfirmationCard | None:
        """Take a resolved card out; the next one (if any) goes on show."""
        widget = self.get(card_id)
        if widget is None:
            return None
        focused = self.app.focused
        had_focus = focused is not None and (focused is widget or widget in focused.ancestors)
        self._order.remove(widget)
        widget.remove()
        self._relabel()
        if had_focus:
            self.prompt.focus()
        return widget

    def _relabel(self) -> None:
        total = len(self._order)
        for number, widget in enumerate(self._order, 1):
            widget.set_position(number, total)
            widget.display = number == 1
        if self.front is not self._shown:
            self._shown = self.front
            self._front_since = time.monotonic()
        self.set_class(total > 0, "-pending")
        self.app.refresh_bindings()  # the footer offers ctrl+y / ctrl+n while a card waits

    def request(self, decision: str) -> str | None:
        """Answer the card on show ("confirm" or "deny"); a sentence for the user when the
        request did nothing."""
        front = self.front
        if front is None:
            return "No card is waiting for an answer."
        if front.answer is not None:
            return "This card is being answered."
        if decision == "confirm":
            if time.monotonic() - self._front_since < self.arm_delay:
                return "This card has just appeared: read it, then press ctrl+y again."
            front.take("confirm")
        elif front.asking_reason:
            front.take("deny")
        else:
            front.ask_reason()
        return None

    def on_card_args_leave(self, message: CardArgs.Leave) -> None:
        message.stop()
        self.prompt.focus()
        key = message.key
        if key is not None:  # typed while the card had the focus: it was meant for the prompt
            self.app.post_message(events.Key(key.key, key.character))
