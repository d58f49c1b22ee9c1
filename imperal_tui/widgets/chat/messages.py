"""The lines of the conversation. Text from users and extensions is never read as markup, and
its control and escape sequences are shown inert (`imperal_tui.sanitize.neutralise`): Textual
drops only a few control characters and would pass an ESC sequence to the terminal."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static

from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.chat.stream_tail import StreamTail

__all__ = ["ErrorLine", "NoteLine", "ReplyMarkdown", "StreamTail", "UserLine", "transcript"]


class UserLine(Static):
    """What the user asked (or which panel action they fired)."""

    DEFAULT_CSS = """
    UserLine { height: auto; margin-top: 1; color: $text-accent; text-style: bold; }
    UserLine.-call { color: $text-secondary; text-style: none; }
    """

    def __init__(self, text: str, *, call: bool = False) -> None:
        self.line = ("▸ " if call else "› ") + neutralise(text)
        super().__init__(self.line, markup=False)
        self.set_class(call, "-call")

    def transcript(self) -> Content:
        style = "$text-secondary" if self.has_class("-call") else "$text-accent bold"
        return Content.assemble("\n", (self.line, style))


class ReplyMarkdown(Markdown):
    """The assistant's reply. While it streams, its text is shown plain in a `StreamTail` just
    below (the Markdown stays empty); when it ends, `finish` renders it all as Markdown."""

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

    def __init__(self, text: str = "") -> None:
        """`text`: a finished reply to show at once (a restored one); "" for one to stream."""
        super().__init__(neutralise(text).strip())
        self.text = text
        self._tail: StreamTail | None = None

    async def add(self, fragment: str) -> None:
        """Append a fragment: kept as sent in `text`, shown neutralised in the tail (mounted
        just below on the first fragment that is not blank) until `finish`."""
        self.text += fragment
        if self._tail is None:
            if not self.text.strip() or self.parent is None:
                return
            self._tail = StreamTail()
            await self.parent.mount(self._tail, after=self)
            fragment = self.text  # what came before it, blank lines included
        self._tail.add(neutralise(fragment))

    async def finish(self) -> None:
        """Render the whole reply as Markdown, once, in place of the streamed text (one parse
        and one layout per reply; streamed fragments may split Markdown blocks anyway). The
        swap is one screen update: the text never vanishes nor shows twice."""
        tail, self._tail = self._tail, None
        with self.app.batch_update():
            await self.update(neutralise(self.text).strip())
            if tail is not None:
                await tail.remove()

    def transcript(self) -> Content:
        """The reply as its Markdown source, behind the same left rule (archived replies are
        drawn as text: parsing thousands of old replies again would cost what archiving saves)."""
        lines = neutralise(self.text).strip().splitlines() or [""]
        return Content("\n").join(Content.assemble(("▎ ", "$primary 50%"), line) for line in lines)


class ErrorLine(Static):
    """An error from the kernel (an `Error` event), styled; never a traceback."""

    DEFAULT_CSS = """
    ErrorLine { height: auto; color: $text-error; padding: 0 0 0 1; border-left: outer $error; }
    """

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        parts: list[str | tuple[str, str]] = [("✖ ", "bold"), neutralise(message)]
        if suggestions:
            parts.append(("\nTry: " + neutralise(" · ".join(suggestions)), "$text-muted"))
        self.content_text = Content.assemble(*parts)
        super().__init__(self.content_text)

    def transcript(self) -> Content:
        return Content.assemble(("▎ ", "$error"), self.content_text.stylize("$text-error"))


class NoteLine(Static):
    """A dim line from the shell itself (hints, load problems, proactive messages)."""

    DEFAULT_CSS = """
    NoteLine { height: auto; color: $text-muted; }
    NoteLine.-warning { color: $text-warning; }
    """

    def __init__(self, text: str, *, warning: bool = False) -> None:
        self.line = neutralise(text)
        super().__init__(self.line, markup=False)
        self.set_class(warning, "-warning")

    def transcript(self) -> Content:
        return Content.styled(
            self.line, "$text-warning" if self.has_class("-warning") else "$text-muted"
        )


def transcript(widget: Widget) -> Content:
    """What an archived chat widget leaves behind: its own `transcript()`, else the text of the
    lines it draws (a card's record, a rendered ui tree), dimmed. Never raises."""
    own = getattr(widget, "transcript", None)
    try:
        if callable(own):
            return own()
        parts = [_widget_text(w) for w in (widget, *widget.query("*"))]
        text = "\n".join(part for part in parts if part.strip())
        return Content.assemble(
            ("▎ ", "$panel-lighten-2"), Content(text or "(earlier output)").stylize("$text-muted")
        )
    except Exception as exc:  # a widget that cannot say what it showed: say that much
        return Content.styled(f"(earlier output: {type(exc).__name__})", "$text-muted")


def _widget_text(widget: Widget) -> str:
    """The text a leaf widget shows: a list's lines, a Static's content, else nothing."""
    lines = getattr(widget, "line_texts", None)
    if callable(lines):
        return "\n".join(lines())
    if isinstance(widget, Static):
        rendered = widget.render()
        return rendered.plain if isinstance(rendered, Content) else str(rendered)
    return ""
