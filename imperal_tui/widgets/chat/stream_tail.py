"""The text of a reply while it streams, drawn as plain lines below its (still empty) Markdown.

Parsing Markdown and mounting its block widgets lays out the whole screen again; done per
finished paragraph mid-stream, that made tokens wait for a frame or several. So the whole reply
streams here, as text, and becomes Markdown once, when it ends (`ReplyMarkdown.finish`): a code
block is never split, since it is parsed whole.

The tail is a `TextStack`: the complete lines that came with each fragment are an entry, drawn
once and cached, and the line still arriving is the last entry, so a token re-wraps and repaints
that line alone (plain text wraps line by line, so the stack wraps like the whole text). Its
height grows several lines at a time (`GROW`, `GROW_LONG` once long), so the screen is laid out
again only every few lines of text.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size

from imperal_tui.widgets.chat.text_stack import TextStack


class StreamTail(TextStack):
    GROW = 4  # lines added at a time while the tail is short...
    GROW_LONG = 8  # ...and once it is `LONG` lines or more (fewer layouts, a small gap below)
    LONG = 16

    DEFAULT_CSS = """
    StreamTail { height: auto; padding: 0 0 0 1; border-left: outer $primary 50%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._push(Content(""))  # the line still arriving is always the last entry
        self._lines = 0  # the height the layout last gave it

    @property
    def text(self) -> str:
        """All the text shown, complete lines and the one still arriving."""
        return self.plain_text()

    def _rounded(self) -> int:
        step = self.GROW_LONG if self._total >= self.LONG else self.GROW
        return -(-max(1, self._total) // step) * step

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        super().get_content_height(container, viewport, width)
        self._lines = self._rounded()
        return self._lines

    def add(self, text: str) -> None:
        """Append `text` (already neutralised) to what is shown."""
        first = self._starts[-1] if self._width else 0  # the lines that can change
        pending = self.entries[-1].plain + text
        self._pop()
        cut = pending.rfind("\n")
        if cut >= 0:
            self._push(Content(pending[:cut]))  # complete lines: drawn once from now on
            pending = pending[cut + 1 :]
        self._push(Content(pending))
        if not self._width or self._rounded() != self._lines:
            self.refresh(layout=True)
        else:
            self.refresh(Region(0, first, self._width, self._lines - first))
