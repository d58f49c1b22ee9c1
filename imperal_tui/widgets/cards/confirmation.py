"""The confirmation card: shows exactly the bytes that will run and asks y/n.

It takes focus when it appears. Only `y` approves; Enter and Space never do. Keys already on
their way when it appeared (typed for the prompt) are ignored: any key event stamped before
the card was armed (mount or focus time plus a short grace) is dropped.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from kernel.events import Card

GRACE_SECONDS = 0.25


class ConfirmationCard(Vertical, can_focus=True):
    DEFAULT_CSS = """
    ConfirmationCard {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border: heavy $warning;
        border-title-color: $text-warning;
        border-title-style: bold;
    }
    ConfirmationCard:focus { border: heavy $accent; background: $boost; }
    ConfirmationCard.-resolved { border: round $panel-lighten-2; }
    ConfirmationCard > .card-args {
        height: auto;
        max-height: 8;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    ConfirmationCard > .card-args > Static { width: 1fr; }
    ConfirmationCard > .card-label { color: $text-muted; }
    ConfirmationCard > .card-help { color: $text-warning; text-style: bold; }
    ConfirmationCard.-resolved > .card-help { color: $text-muted; text-style: none; }
    """

    # Shown in the footer while the card has focus; the keys themselves are read in `on_key`
    # so their timestamps can be checked.
    BINDINGS = [
        Binding("y", "hint('confirm')", "Confirm"),
        Binding("n,escape", "hint('deny')", "Deny", key_display="n/esc"),
        Binding("up", "scroll_args(-1)", "Scroll", show=False),
        Binding("down", "scroll_args(1)", "Scroll", show=False),
        Binding("pageup", "scroll_args(-8)", show=False),
        Binding("pagedown", "scroll_args(8)", show=False),
    ]

    class Answered(Message):
        """The user answered the card: `decision` is "confirm" or "deny"."""

        def __init__(self, card_widget: ConfirmationCard, decision: str) -> None:
            super().__init__()
            self.card_widget = card_widget
            self.card = card_widget.card
            self.decision = decision

    def __init__(self, card: Card) -> None:
        super().__init__(id=f"card-{card.card_id}")
        self.card = card
        self.armed_at = float("inf")  # set on mount; nothing counts before that
        self.answer: str | None = None
        self.border_title = f"⚠ Confirm {card.action_type} action"

    def compose(self):
        card = self.card
        yield Static(
            Content.assemble(
                ("app ", "$text-muted"),
                (card.app_id, "bold"),
                ("  function ", "$text-muted"),
                (card.function, "bold"),
                ("\naction type ", "$text-muted"),
                (card.action_type, "bold $text-warning"),
            ),
            classes="card-what",
        )
        if card.description:
            yield Static(card.description, markup=False, classes="card-description")
        yield Static("arguments (canonical JSON):", classes="card-label")
        with VerticalScroll(classes="card-args", can_focus=False):
            yield Static(card.args_json, markup=False)
        yield Static(
            Content.assemble(("digest ", "$text-muted"), (card.short_digest, "bold")),
            classes="card-digest",
        )
        yield Static("y confirm · n/Esc deny", markup=False, classes="card-help")

    def on_mount(self, event: events.Mount) -> None:
        self.armed_at = event.time + GRACE_SECONDS

    def on_focus(self, event: events.Focus) -> None:
        # Focus coming back to the card re-arms it: typing aimed elsewhere never answers.
        self.armed_at = max(self.armed_at, event.time + GRACE_SECONDS)

    def accepts(self, event: events.Key) -> bool:
        """Whether a key event is recent enough to be an answer to this card."""
        return self.answer is None and event.time >= self.armed_at

    def on_key(self, event: events.Key) -> None:
        if event.key not in ("y", "n", "escape", "enter", "space"):
            return  # Tab, scrolling and app keys pass through
        event.stop()
        event.prevent_default()
        if event.key in ("enter", "space") or not self.accepts(event):
            return
        self.answer = "confirm" if event.key == "y" else "deny"
        self.query_one(".card-help", Static).update("… " + self.answer + "ing")
        self.post_message(self.Answered(self, self.answer))

    def action_hint(self, answer: str) -> None:
        """Footer entries only; answers are handled in `on_key`."""

    def action_scroll_args(self, lines: int) -> None:
        self.query_one(".card-args", VerticalScroll).scroll_relative(y=lines, animate=False)

    def resolve(self, outcome: str) -> None:
        """Show the outcome and stop taking focus: a card is answered once."""
        self.answer = self.answer or outcome
        marks = {"confirmed": "✓ confirmed", "denied": "✗ denied", "expired": "✗ expired"}
        self.query_one(".card-help", Static).update(marks.get(outcome, outcome))
        self.add_class("-resolved")
        self.can_focus = False
        self.border_title = f"{self.card.app_id}.{self.card.function}: {outcome}"
