"""Requests typed while another one runs: listed above the prompt, in the order they go.

The app sends one request at a time. What the user sends meanwhile is never dropped: it
waits its turn (`ShellApp.send`), and this strip shows it until it starts, when it appears in
the chat as any request does. Esc and ctrl+c cancel the running request only; the queued
ones then go in order.
"""

from __future__ import annotations

from itertools import count

from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.sanitize import neutralise

SHOWN = 3  # queued requests listed by name; more are counted
WIDTH = 60  # characters of each shown


class QueuedInputs(Static):
    DEFAULT_CSS = """
    QueuedInputs { height: auto; display: none; color: $text-muted; padding: 0 1; }
    QueuedInputs.-waiting { display: block; }
    """

    def __init__(self) -> None:
        super().__init__("", id="queued", markup=False)
        self._waiting: dict[int, str] = {}  # ticket -> text, oldest first
        self._tickets = count(1)

    @property
    def texts(self) -> list[str]:
        """The queued requests, oldest (next to go) first."""
        return list(self._waiting.values())

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, text: str) -> int:
        """Queue `text`; the ticket to `take` it off when its request starts."""
        ticket = next(self._tickets)
        self._waiting[ticket] = text
        self._show()
        return ticket

    def take(self, ticket: int | None) -> None:
        """Its request has started (or ended): off the strip. Unknown tickets are ignored."""
        if self._waiting.pop(ticket, None) is not None:
            self._show()

    def _show(self) -> None:
        items = self.texts
        lines = [f"queued ({len(items)}), sent in order when the running request ends:"]
        for number, text in enumerate(items[:SHOWN], 1):
            first = neutralise(text.strip().splitlines()[0] if text.strip() else text)
            more = len(first) > WIDTH or "\n" in text.strip()
            lines.append(f"  {number}. {first[:WIDTH]}{'…' if more else ''}")
        if len(items) > SHOWN:
            lines.append(f"  … and {len(items) - SHOWN} more")
        self.update("\n".join(lines))
        self.set_class(bool(items), "-waiting")


def queued_inputs(prompt: Widget) -> QueuedInputs:
    """The strip of `prompt`'s screen, mounted above the prompt the first time it is needed."""
    for strip in prompt.screen.query(QueuedInputs):
        return strip
    strip = QueuedInputs()
    prompt.screen.mount(strip, before=prompt)
    return strip
