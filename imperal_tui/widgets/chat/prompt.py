"""Where the user types a request; Enter sends it, Up/Down recall earlier lines."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from imperal_tui.commands.history import HistoryCursor, InputHistory


class PromptInput(Input):
    DEFAULT_CSS = """
    PromptInput { height: 3; }
    """

    BINDINGS = [
        Binding("up", "history_previous", "Earlier input", show=False),
        Binding("down", "history_next", "Later input", show=False),
    ]

    def __init__(self, history: InputHistory | None = None, **kwargs) -> None:
        """`history`: where submitted lines are kept (None: this run only)."""
        super().__init__(
            placeholder="Ask, e.g. “add a task buy milk” — Enter sends",
            select_on_focus=False,
            **kwargs,
        )
        self.history = history if history is not None else InputHistory()
        self._cursor = HistoryCursor(self.history)

    async def action_submit(self) -> None:
        self.history.add(self.value)
        self._cursor.reset()
        await super().action_submit()

    def action_history_previous(self) -> None:
        self._show(self._cursor.previous(self.value))

    def action_history_next(self) -> None:
        self._show(self._cursor.next())

    def _show(self, line: str | None) -> None:
        if line is not None:
            self.value = line
            self.cursor_position = len(line)
