"""The help screen (F1, `/help`): the keys and the slash commands. Esc, F1 or q closes it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from imperal_tui.commands.slash import COMMANDS

KEYS = (
    ("Enter", "send the request (while one runs: queued, sent in order)"),
    ("alt+enter, ctrl+j", "a new line in the prompt (shift+enter too, outside tmux)"),
    ("ctrl+o", "copy a message or code block (also /copy)"),
    ("Up / Down", "earlier / later lines you typed (kept across runs)"),
    ("F1", "this help"),
    ("ctrl+p", "command palette: shell commands and extension functions, fuzzy"),
    ("Esc, ctrl+c", "cancel the running request"),
    ("ctrl+c twice", "quit, at an empty prompt (as ctrl+q)"),
    ("ctrl+l", "move between the panels and the prompt"),
    ("ctrl+r", "re-render the panels (reconnects a lost kernel)"),
    ("F2 / F3", "hide or show the left / right panels"),
    ("[ / ]", "in a panel column: the previous / next tab"),
    ("ctrl+t", "the tray: ←/→ move, Enter opens an item's dropdown, Esc back"),
    ("PageUp / PageDown", "scroll the chat"),
    ("y / n", "on a confirmation card: approve / deny"),
    ("Esc on a screen", "back to the chat (/audit, /ext, /history, /settings)"),
)


def help_text() -> str:
    width = max(len(k) for k, _ in KEYS)
    lines = ["Keys", *(f"  {k.ljust(width)}  {what}" for k, what in KEYS), "", "Commands"]
    usages = {c.name: f"/{c.name} {c.usage}".rstrip() for c in COMMANDS.values()}
    width = max(len(u) for u in usages.values())
    lines += [f"  {usages[c.name].ljust(width)}  {c.summary}" for c in COMMANDS.values()]
    lines += ["", "An explicit call: app.function key=value …, e.g. notes.create_note title=Q3"]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen Static { width: auto; }
    """

    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help"
            scroll.border_subtitle = "esc closes"
            yield Static(help_text(), markup=False, id="help-text")


def show_help(app: Any) -> None:
    """Open the help screen, unless it is already open."""
    if not isinstance(app.screen, HelpScreen):
        app.push_screen(HelpScreen())
