"""What every shell screen has: a title line, a status line for what just happened, a footer
with its keys, and Esc to go back to the chat. `open_screen` pushes one unless it is on top."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class ShellScreen(Screen[None]):
    """Subclasses yield their body from `body()` and report with `say`."""

    TITLE_TEXT = ""
    DEFAULT_CSS = """
    ShellScreen > .screen-title { height: 1; background: $primary; color: $text; padding: 0 1; }
    ShellScreen > .screen-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    ShellScreen > .screen-status.-error { color: $error; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back"),
        # ctrl+r re-renders the chat's panels below: here it does nothing (a screen that can
        # reload binds it itself)
        Binding("ctrl+r", "nothing", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE_TEXT, classes="screen-title", markup=False)
        yield from self.body()
        yield Static("", classes="screen-status", id="screen-status", markup=False)
        yield Footer()

    def body(self) -> ComposeResult:
        yield from ()

    def say(self, text: str, *, error: bool = False) -> None:
        """Show what happened (an error in the error colour) on the status line."""
        status = self.query_one("#screen-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    @property
    def status_text(self) -> str:
        return str(self.query_one("#screen-status", Static).render())

    def action_nothing(self) -> None:
        pass

    def action_close(self) -> None:
        self.dismiss(None)


def open_screen(app: Any, screen: Screen) -> None:
    """Push `screen` unless a screen of its kind is already on top."""
    if type(app.screen) is not type(screen):
        app.push_screen(screen)
