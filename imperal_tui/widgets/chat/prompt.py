"""Where the user types a request: a prompt that grows from 1 to 8 lines as text is added.

Enter sends. shift+enter, alt+enter and ctrl+j insert a newline; so does a paste of several
lines. Inside tmux: ctrl+j (a plain LF) and alt+enter (ESC CR, see
`imperal_tui.terminal_keys`) always work; shift+enter arrives as a plain Enter unless tmux
forwards extended keys (`set -g extended-keys always`), in which case it works too.

Up on the first line and Down on the last line walk the input history (kept across runs);
elsewhere they move the cursor between lines. PageUp/PageDown scroll the chat, as before;
ctrl+o picks a message or code block to copy (`imperal_tui.commands.copy`).

It keeps the small surface of `textual.widgets.Input` that the rest of the TUI uses: `value`,
`cursor_position`, `clear()`, and a `Submitted` message carrying the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from imperal_tui import terminal_keys
from imperal_tui.commands.history import HistoryCursor, InputHistory

terminal_keys.install()  # alt+enter from tmux and xterm (ESC CR) is not a plain Enter

MAX_LINES = 8  # the prompt grows up to this many lines, then scrolls
PLACEHOLDER = "Ask, e.g. “add a task buy milk” — Enter sends, ctrl+j a new line"
# Keys that insert a newline instead of sending. "shift+\r" is how Textual names shift+enter
# sent by a terminal in xterm's modifyOtherKeys form (tmux with extended keys).
NEWLINE_KEYS = frozenset({"shift+enter", "alt+enter", "ctrl+j", "ctrl+enter", "shift+\r"})


class PromptInput(TextArea):
    DEFAULT_CSS = f"""
    PromptInput {{
        height: auto;
        min-height: 3;
        max-height: {MAX_LINES + 2};
        padding: 0 2;
        scrollbar-size-horizontal: 0;
        &:focus {{ background-tint: $foreground 5%; }}
        & .text-area--placeholder {{ color: $text-disabled; }}
    }}
    """  # looks as the one-line Input it replaced did, until it holds several lines

    BINDINGS = [
        Binding("pageup", "app.scroll_chat(-1)", "Scroll", show=False),
        Binding("pagedown", "app.scroll_chat(1)", "Scroll", show=False),
        Binding("ctrl+o", "copy_message", "Copy", show=False, id="copy_message"),
    ]

    @dataclass
    class Submitted(Message):
        """Enter was pressed: `value` is the prompt's text as typed (not yet cleared)."""

        prompt: PromptInput
        value: str

        @property
        def control(self) -> PromptInput:
            return self.prompt

    def __init__(self, history: InputHistory | None = None, **kwargs) -> None:
        """`history`: where submitted lines are kept (None: this run only)."""
        super().__init__(
            placeholder=PLACEHOLDER,
            soft_wrap=True,
            tab_behavior="focus",
            highlight_cursor_line=False,
            **kwargs,
        )
        # (`history` is TextArea's own undo history: ours is `input_history`)
        self.input_history = history if history is not None else InputHistory()
        self._cursor = HistoryCursor(self.input_history)

    # --- the Input-like surface the app uses ---------------------------------------------------
    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text
        self.move_cursor(self.document.end)

    @property
    def cursor_position(self) -> int:
        """The cursor as an offset into `value`."""
        return self.document.get_index_from_location(self.cursor_location)

    @cursor_position.setter
    def cursor_position(self, offset: int) -> None:
        offset = max(0, min(offset, len(self.text)))
        self.move_cursor(self.document.get_location_from_index(offset))

    # --- keys ----------------------------------------------------------------------------------
    async def _on_key(self, event: events.Key) -> None:
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            if not self.read_only:
                start, end = self.selection
                self._replace_via_keyboard("\n", start, end)
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit()
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        """Enter: keep the text in the history and post `Submitted` (the app clears us)."""
        self.input_history.add(self.text)
        self._cursor.reset()
        self.post_message(self.Submitted(self, self.text))

    def action_cursor_up(self, select: bool = False) -> None:
        """Up: the line above, or on the first line the previous history entry."""
        if select or not self.navigator.is_first_wrapped_line(self.cursor_location):
            super().action_cursor_up(select)
        else:
            self._show(self._cursor.previous(self.text))

    def action_cursor_down(self, select: bool = False) -> None:
        """Down: the line below, or on the last line the next history entry (then the draft)."""
        if select or not self.navigator.is_last_wrapped_line(self.cursor_location):
            super().action_cursor_down(select)
        else:
            self._show(self._cursor.next())

    def action_copy_message(self) -> None:
        """ctrl+o: pick a message or code block of the chat to copy."""
        from imperal_tui.commands.copy import open_picker

        open_picker(self.app)

    def _show(self, line: str | None) -> None:
        if line is not None:
            self.value = line
