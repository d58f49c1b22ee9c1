"""Editing one DataTable cell: a small modal with the cell's text; Enter keeps it, Esc cancels.

The table fires `on_cell_edit` with `params + {row_id, column_key, value}` as the web kit does;
nothing changes in the table until the extension sends a refreshed node.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class CellEditScreen(ModalScreen[str | None]):
    """Dismisses with the typed text, or None when cancelled."""

    DEFAULT_CSS = """
    CellEditScreen { align: center middle; }
    CellEditScreen > Vertical {
        width: 60; max-width: 90%; height: auto; padding: 0 1;
        border: round $accent; background: $surface;
    }
    CellEditScreen .cell-edit-title { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, markup=False, classes="cell-edit-title")
            yield Input(self.value, compact=True, id="cell-edit-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
