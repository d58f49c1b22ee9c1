"""The lines of the conversation. Text from users and extensions is never read as markup, and
its control and escape sequences are shown inert (`imperal_tui.sanitize.neutralise`): Textual
drops only a few control characters and would pass an ESC sequence to the terminal.

The streamed reply, `ReplyMarkdown`, lives in `reply.py` (Textual's Markdown and its parser
are imported with the first reply, not before the first frame); it is importable from here
too."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

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


def __getattr__(name: str):
    if name == "ReplyMarkdown":  # imported on first use: see the module docstring
        from imperal_tui.widgets.chat.reply import ReplyMarkdown

        return ReplyMarkdown
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
