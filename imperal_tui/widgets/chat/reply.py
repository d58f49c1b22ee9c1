"""The assistant's reply as it streams in: a Markdown block. Its own module so Textual's
Markdown widget (markdown-it, pygments) is imported with the first reply, not at start."""

from __future__ import annotations

from textual.widgets import Markdown

from imperal_tui.sanitize import neutralise


class ReplyMarkdown(Markdown):
    """The assistant's reply, streamed: deltas are appended as they arrive."""

    DEFAULT_CSS = """
    ReplyMarkdown {
        height: auto;
        margin: 0;
        padding: 0 0 0 1;
        border-left: outer $primary 50%;
        background: transparent;
    }
    ReplyMarkdown > MarkdownBlock:last-child { margin-bottom: 0; }
    """

    def __init__(self) -> None:
        super().__init__("")
        self.text = ""
        self._stream = None  # textual's MarkdownStream: fragments batched per frame

    async def add(self, fragment: str) -> None:
        """Append a fragment (kept as sent in `text`, shown neutralised). A model streams one
        token at a time: the stream coalesces what arrives between two renders, so the screen
        keeps up instead of re-parsing per token."""
        self.text += fragment
        if self._stream is None:
            self._stream = Markdown.get_stream(self)
        await self._stream.write(neutralise(fragment))

    async def finish(self) -> None:
        """Re-render the whole reply once: streamed fragments may split Markdown blocks."""
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None
        await self.update(neutralise(self.text).strip())
