"""The lines of the conversation. Text from users and extensions is never read as markup, and
its control and escape sequences are shown inert (`imperal_tui.sanitize.neutralise`): Textual
drops only a few control characters and would pass an ESC sequence to the terminal."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown, Static

from imperal_tui.sanitize import neutralise


class UserLine(Static):
    """What the user asked (or which panel action they fired)."""

    DEFAULT_CSS = """
    UserLine { height: auto; margin-top: 1; color: $text-accent; text-style: bold; }
    UserLine.-call { color: $text-secondary; text-style: none; }
    """

    def __init__(self, text: str, *, call: bool = False) -> None:
        super().__init__(("▸ " if call else "› ") + neutralise(text), markup=False)
        self.set_class(call, "-call")


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


class ErrorLine(Static):
    """An error from the kernel (an `Error` event), styled; never a traceback."""

    DEFAULT_CSS = """
    ErrorLine { height: auto; color: $text-error; padding: 0 0 0 1; border-left: outer $error; }
    """

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        parts: list[str | tuple[str, str]] = [("✖ ", "bold"), neutralise(message)]
        if suggestions:
            parts.append(("\nTry: " + neutralise(" · ".join(suggestions)), "$text-muted"))
        super().__init__(Content.assemble(*parts))


class NoteLine(Static):
    """A dim line from the shell itself (hints, load problems, proactive messages)."""

    DEFAULT_CSS = """
    NoteLine { height: auto; color: $text-muted; }
    NoteLine.-warning { color: $text-warning; }
    """

    def __init__(self, text: str, *, warning: bool = False) -> None:
        super().__init__(neutralise(text), markup=False)
        self.set_class(warning, "-warning")
