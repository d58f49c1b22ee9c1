"""The lines of the conversation. Text from users and extensions is never read as markup, and
its control and escape sequences are shown inert (`imperal_tui.sanitize.neutralise`): Textual
drops only a few control characters and would pass an ESC sequence to the terminal.

The streamed reply, `ReplyMarkdown`, lives in `reply.py` (Textual's Markdown and its parser
are imported with the first reply, not before the first frame); it is importable from here
too."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.chat.stream_tail import StreamTail

__all__ = ["ErrorLine", "NoteLine", "StreamTail", "UserLine", "transcript"]


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


def __getattr__(name: str):
    if name == "ReplyMarkdown":  # imported on first use: see the module docstring
        from imperal_tui.widgets.chat.reply import ReplyMarkdown

        return ReplyMarkdown
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
