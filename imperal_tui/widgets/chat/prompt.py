"""Where the user types a request; Enter sends it."""

from __future__ import annotations

from textual.widgets import Input


class PromptInput(Input):
    DEFAULT_CSS = """
    PromptInput { height: 3; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder="Ask, e.g. “add a task buy milk” — Enter sends",
            select_on_focus=False,
            **kwargs,
        )
