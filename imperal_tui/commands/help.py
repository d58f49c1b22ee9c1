"""The help screen (F1, `/help`): the keys and the slash commands. Esc, F1 or q closes it."""

from __future__ import annotations

import textwrap
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
    ("{copy_message}", "copy a message or code block (also /copy)"),
    ("Up / Down", "earlier / later lines you typed (kept across runs)"),
    ("{help}", "this help"),
    ("{palette}", "command palette: shell commands and extension functions, fuzzy"),
    ("{cancel_turn}, {interrupt}", "cancel the running request"),
    ("{interrupt} twice", "quit, at an empty prompt (as {quit})"),
    ("{toggle_focus}", "move between the panels and the prompt"),
    ("{refresh_panels}", "re-render the panels (reconnects a lost kernel)"),
    ("{toggle_left} / {toggle_right}", "hide or show the left / right panels"),
    ("[ / ]", "in a panel column: the previous / next tab"),
    ("{focus_tray}", "the tray: ←/→ move, Enter opens an item's dropdown, Esc back"),
    ("PageUp / PageDown", "scroll the chat"),
    (
        "{approve_card} / {deny_card}",
        "on a confirmation card: approve (armed after a moment) / "
        "deny, with an optional reason; typing never answers a card",
    ),
    ("Esc on a screen", "back to the chat (/audit, /tasks, /ext, /history, /settings, /secrets)"),
)


# The keys `[keys]` may change (keymap.NAMES), as the help shows them by default.
DEFAULT_KEYS = {
    "approve_card": "ctrl+y", "deny_card": "ctrl+n", "copy_message": "ctrl+o", "help": "F1",
    "palette": "ctrl+p", "cancel_turn": "Esc", "interrupt": "ctrl+c", "quit": "ctrl+q",
    "toggle_focus": "ctrl+l", "refresh_panels": "ctrl+r", "toggle_left": "F2",
    "toggle_right": "F3", "focus_tray": "ctrl+t",
}  # fmt: skip


def _rows(pairs: list[tuple[str, str]], columns: int) -> list[str]:
    """`key  what` lines, `what` wrapped under itself to fit `columns` (never cut off)."""
    width = max(len(k) for k, _ in pairs)
    room = max(20, columns - width - 4)
    out = []
    for key, what in pairs:
        wrapped = textwrap.wrap(what, room) or [""]
        out.append(f"  {key.ljust(width)}  {wrapped[0]}")
        out += [f"  {' ' * width}  {more}" for more in wrapped[1:]]
    return out


def help_text(app: Any = None, columns: int = 200) -> str:
    """The help, wrapped to `columns`; keys changed in `[keys]` shown as they are now."""
    keymap = dict(getattr(app, "_keymap", None) or {})
    keys = {name: keymap.get(name, default) for name, default in DEFAULT_KEYS.items()}
    pairs = [(k.format(**keys), what.format(**keys)) for k, what in KEYS]
    lines = ["Keys", *_rows(pairs, columns), "", "Commands"]
    usages = [(f"/{c.name} {c.usage}".rstrip(), c.summary) for c in COMMANDS.values()]
    lines += _rows(usages, columns)
    explicit = "An explicit call: app.function key=value …, e.g. notes.create_note title=Q3"
    lines += ["", *textwrap.wrap(explicit, columns)]
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
            columns = max(40, self.app.size.width - 6)  # border and padding
            yield Static(help_text(self.app, columns), markup=False, id="help-text")


def show_help(app: Any) -> None:
    """Open the help screen, unless it is already open."""
    if not isinstance(app.screen, HelpScreen):
        app.push_screen(HelpScreen())
