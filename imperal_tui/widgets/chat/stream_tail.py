"""The text of a reply while it streams, drawn as plain lines below its (still empty) Markdown.

Parsing Markdown and mounting its block widgets lays out the whole screen again; done per
finished paragraph mid-stream, that made tokens wait for a frame or several. So the whole reply
streams here, as text, and becomes Markdown once, when it ends (`ReplyMarkdown.finish`).

The tail is a `TextStack`: one entry per finished block, plus the block still arriving as the
last entry. A token re-wraps only that last block; a finished block's lines are drawn once and
cached. Its height grows `GROW` lines at a time, so the screen is laid out again only every
few lines of text, and most tokens cost a repaint of the lines of the last block alone.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size

from imperal_tui.widgets.chat.text_stack import TextStack


class StreamTail(TextStack):
    GROW = 4

    DEFAULT_CSS = """
    StreamTail { height: auto; padding: 0 0 0 1; border-left: outer $primary 50%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._push(Content(""))  # the block still arriving is always the last entry
        self._lines = 0  # the height the layout last gave it

    @property
    def text(self) -> str:
        """All the text shown, finished blocks and the one still arriving."""
        return self.plain_text()

    def _rounded(self) -> int:
        return -(-max(1, self._total) // self.GROW) * self.GROW

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        super().get_content_height(container, viewport, width)
        self._lines = self._rounded()
        return self._lines

    def show(self, pending: str, finished: str = "") -> None:
        """Show `pending` as the block still arriving; `finished` (text ending in a blank line,
        or "") is what of the previous pending block and the new text is now complete."""
        first = self._starts[-1] if self._width else 0  # the lines that can change
        self._pop()
        if finished:
            self._push(Content(finished.removesuffix("\n")))  # its blank line ends it
        self._push(Content(pending))
        if not self._width or self._rounded() != self._lines:
            self.refresh(layout=True)
        else:
            self.refresh(Region(0, first, self._width, self._lines - first))
