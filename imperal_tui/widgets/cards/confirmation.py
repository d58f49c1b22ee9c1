"""One confirmation card: exactly what will run (app, function, canonical arguments, digest).

The card never answers itself from typing. It is answered through its queue (`CardQueue`):
the app's ctrl+y / ctrl+n chords, or the reason line opened by ctrl+n (Enter there denies
with what was typed). Its arguments can take focus (shift+tab from the prompt, or a click) to
scroll; any other key typed there goes back to the prompt, where it was meant to go.
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from imperal_tui.sanitize import json_safe, neutralise
from imperal_tui.widgets.cards.args import pretty
from kernel.events import Card

# Keys the arguments view uses itself; every other key typed there belongs to the prompt.
_OWN_KEYS = {"up", "down", "left", "right", "pageup", "pagedown", "home", "end", "escape"}


class CardArgs(ScrollableContainer, can_focus=True):
    """The canonical arguments, one member per line, scrolled in both directions."""

    BINDINGS = [
        Binding("escape", "leave", "Back to prompt"),
    ]

    class Leave(Message):
        """Focus goes back to the prompt; `key`, when set, is re-sent there."""

        def __init__(self, key: events.Key | None = None) -> None:
            super().__init__()
            self.key = key

    def on_key(self, event: events.Key) -> None:
        typed = event.is_printable or event.key in ("enter", "backspace", "delete")
        if event.key in _OWN_KEYS or not typed:
            return  # scrolling, Tab and chords: bindings handle them
        event.stop()
        event.prevent_default()
        self.post_message(self.Leave(event))

    def action_leave(self) -> None:
        self.post_message(self.Leave())


class ReasonInput(Input):
    """Why the card is denied (optional): Enter denies, Esc goes back without denying."""

    BINDINGS = [Binding("escape", "leave", "Keep the card", priority=True)]

    def action_leave(self) -> None:
        self.post_message(CardArgs.Leave())


class ConfirmationCard(Vertical):
    DEFAULT_CSS = """
    ConfirmationCard {
        height: auto;
        padding: 0 1;
        border: heavy $warning;
        border-title-color: $text-warning;
        border-title-style: bold;
        border-subtitle-color: $text-warning;
        border-subtitle-style: bold;
    }
    ConfirmationCard:focus-within { border: heavy $accent; }
    ConfirmationCard > .card-what { height: auto; }
    ConfirmationCard > CardArgs {
        height: auto;
        background: $surface;
        scrollbar-size: 1 1;
        overflow-x: auto;
        overflow-y: auto;
    }
    ConfirmationCard > CardArgs:focus { background: $boost; }
    ConfirmationCard > CardArgs > Static { width: auto; text-wrap: nowrap; }
    ConfirmationCard > ReasonInput { background: $boost; }
    ConfirmationCard.-reason > .card-description { display: none; }  /* room for the reason */
    ConfirmationCard.-answering { border-subtitle-color: $text-muted; }
    """

    HELP = "ctrl+y approve · ctrl+n deny"

    class Answered(Message):
        """The user answered: `decision` is "confirm" or "deny"; `reason` goes with a deny."""

        def __init__(self, card_widget: ConfirmationCard, decision: str, reason: str = "") -> None:
            super().__init__()
            self.card_widget = card_widget
            self.card = card_widget.card
            self.decision = decision
            self.reason = reason

    def __init__(self, card: Card) -> None:
        super().__init__(id=f"card-{card.card_id}")
        self.card = card
        # bidi overrides and C1 controls shown as JSON escapes: the same arguments, legible
        self._pretty = json_safe(pretty(card.args_json))
        self.answer: str | None = None  # "confirm"/"deny" once asked for, until it resolves
        self.set_position(1, 1)
        self.border_subtitle = self.HELP

    def compose(self):
        card = self.card
        yield Static(
            Content.assemble(
                (neutralise(card.app_id), "bold"),
                ".",
                (neutralise(card.function), "bold"),
                ("  digest ", "$text-muted"),
                (card.short_digest, "bold"),
            ),
            classes="card-what",
        )
        if card.description:
            yield Static(neutralise(card.description), markup=False, classes="card-description")
        with CardArgs(classes="card-args"):
            yield Static(self._pretty, markup=False)

    def on_mount(self) -> None:
        self._fit_args()
        # A terminal made taller or shorter re-lays the screen without resizing the card.
        self.screen.screen_layout_refresh_signal.subscribe(self, lambda _: self._fit_args())

    def on_resize(self) -> None:
        self._fit_args()

    def _fit_args(self) -> None:
        """The arguments get at most a quarter of the terminal's height (at least 2 rows),
        set as a fixed height: the rest of the card keeps its place and the view scrolls."""
        laid_out = self._pretty.splitlines()
        lines, width = len(laid_out), max((len(x) for x in laid_out), default=0)
        wide = width > max(1, self.size.width - 2)  # room for a sideways scrollbar
        limit = max(2, self.app.size.height // 4)
        height = min(lines + int(wide), limit)
        args = self.query_one(CardArgs)
        if args.styles.height is None or args.styles.height.value != height:
            args.styles.height = height

    def set_position(self, number: int, total: int) -> None:
        """`number` of `total` pending cards; the title says so."""
        title = f"⚠ card {number} of {total} · confirm {self.card.action_type} action"
        self.border_title = title

    @property
    def asking_reason(self) -> bool:
        return bool(self.query(ReasonInput))

    def ask_reason(self) -> None:
        """Open the reason line and put the cursor in it."""
        if not self.asking_reason:
            self.add_class("-reason")
            hint = "why not? (optional) Enter denies, Esc keeps"
            self.mount(ReasonInput(placeholder=hint, compact=True))
        self.query_one(ReasonInput).focus()

    def close_reason(self) -> None:
        self.remove_class("-reason")
        for reason in self.query(ReasonInput):
            reason.remove()

    def answering(self, decision: str | None) -> None:
        """Mark the card as being answered (None: the answer did not go through)."""
        self.answer = decision
        self.set_class(decision is not None, "-answering")
        words = {"confirm": "… approving", "deny": "… denying"}
        self.border_subtitle = words.get(decision or "", self.HELP)

    def take(self, decision: str) -> None:
        """Answer the card (once): posts `Answered` with the reason typed, if any."""
        if self.answer is not None:
            return
        typed = [r.value.strip() for r in self.query(ReasonInput)]
        reason = typed[0] if typed and decision == "deny" else ""
        if typed:  # the reason line had the cursor: it goes back to the prompt
            self.post_message(CardArgs.Leave())
        self.answering(decision)
        self.post_message(self.Answered(self, decision, reason))

    @on(Input.Submitted, "ReasonInput")
    def _reason_given(self, event: Input.Submitted) -> None:
        event.stop()
        self.take("deny")

    def on_card_args_leave(self, message: CardArgs.Leave) -> None:
        if self.asking_reason:
            self.close_reason()  # and the queue puts the focus back on the prompt
