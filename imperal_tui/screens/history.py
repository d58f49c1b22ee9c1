"""The history browser (`/history`): the user's conversations, newest first; words typed in
the search box (or on the list, which moves them there) find the messages that contain them
(the kernel's full-text index). Enter opens a conversation to read; in it, c continues it:
the chat shows it and the next message goes into that conversation."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from imperal_tui.headless.history_cmd import conversation_text, shorten, when
from imperal_tui.headless.render import clean
from imperal_tui.screens.base import ShellScreen
from imperal_tui.widgets.chat import NoteLine

ROWS = 200  # conversations or matches listed


class ConversationScreen(ShellScreen):
    """One conversation to read; c continues it in the chat."""

    TITLE_TEXT = "Conversation"
    DEFAULT_CSS = "ConversationScreen VerticalScroll { height: 1fr; padding: 0 1; }"
    BINDINGS = [Binding("c", "continue_it", "Continue it")]

    def __init__(self, conversation: dict[str, Any]) -> None:
        super().__init__()
        self.conversation = conversation

    def body(self) -> ComposeResult:
        with VerticalScroll(id="conversation"):
            yield Static(conversation_text(self.conversation), markup=False, id="conv-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.say("c continues this conversation; esc goes back")

    async def action_continue_it(self) -> None:
        await continue_conversation(self.app, self.conversation)


async def continue_conversation(app: Any, conversation: dict[str, Any]) -> None:
    """Make `conversation` the one the next message joins, show it in a cleared chat, and go
    back to the chat. Refused (a line says so) while a request runs."""
    if app._busy.locked():
        app.notify("A request is running: Esc cancels it, then continue.", severity="warning")
        return
    app.join_conversation = conversation["id"]
    await app.chat.remove_children()
    await app.chat.add(NoteLine(conversation_text(conversation).rstrip("\n")))
    title = shorten(conversation.get("title") or "(untitled)", 50)
    await app.chat.add(NoteLine(f"Continuing “{title}”: your next message goes into it."))
    while len(app.screen_stack) > 1:
        app.pop_screen()
    app.prompt.focus()


class HistoryScreen(ShellScreen):
    TITLE_TEXT = "History"
    DEFAULT_CSS = """
    HistoryScreen #history-search { margin: 0 0; }
    HistoryScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "Search"),
        Binding("ctrl+r,f5", "reload", "Refresh"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.search = search
        self.ids: list[str] = []  # the conversation id of each table row

    def body(self) -> ComposeResult:
        yield Input(
            self.search, placeholder="search messages (Enter); empty lists the conversations",
            id="history-search", select_on_focus=False,
        )  # fmt: skip
        yield DataTable(id="history-rows", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.run_worker(self.load(), group="history", exclusive=True, exit_on_error=False)

    def action_reload(self) -> None:
        self.run_worker(self.load(), group="history", exclusive=True, exit_on_error=False)

    def action_focus_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list starts a search with it rather than being lost."""
        if not (event.is_printable and event.character) or event.character.isspace():
            return
        if not self.query_one(DataTable).has_focus:
            return
        event.stop()
        event.prevent_default()
        search = self.query_one("#history-search", Input)
        search.focus()
        search.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#history-search")
    def _searched(self, event: Input.Submitted) -> None:
        event.stop()
        self.search = event.value.strip()
        self.run_worker(self.load(), group="history", exclusive=True, exit_on_error=False)
        self.query_one(DataTable).focus()

    async def _client(self) -> Any:
        from imperal_tui.commands.reports import _kernel

        return await _kernel(self.app)

    async def load(self) -> None:
        """List the conversations, or the messages matching the search."""
        client = await self._client()
        if client is None:
            self.say("the kernel is not running (see the chat)", error=True)
            return
        user = self.app.user
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.ids = []
        if self.search:
            try:
                answer = await client.history(user, search=self.search, limit=ROWS)
            except Exception as exc:  # a query the index refuses: say so, keep the screen
                self.say(f"search failed: {exc}", error=True)
                return
            table.add_columns("conversation", "when", "who", "message")
            for match in answer["matches"]:
                self.ids.append(match["conversation_id"])
                table.add_row(
                    shorten(match.get("title") or "(untitled)", 30), when(match["created_at"]),
                    clean(str(match["role"])), shorten(match["snippet"], 80),
                )  # fmt: skip
            count = len(answer["matches"])
            self.say(f"{count} message{'' if count == 1 else 's'} match {self.search!r}"
                     + ("; Enter opens its conversation" if count else ""))  # fmt: skip
        else:
            answer = await client.history(user, limit=ROWS)
            table.add_columns("title", "updated", "messages")
            for conv in answer["conversations"]:
                self.ids.append(conv["id"])
                table.add_row(
                    shorten(conv.get("title") or "(untitled)", 60), when(conv["updated_at"]),
                    str(conv["messages"]),
                )  # fmt: skip
            count = len(self.ids)
            self.say(f"{count} conversation{'' if count == 1 else 's'}; Enter opens one"
                     if count else "No conversations yet.")  # fmt: skip

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.ids):
            self.run_worker(self.open(self.ids[event.cursor_row]), exit_on_error=False)

    async def open(self, conversation_id: str) -> None:
        client = await self._client()
        if client is None:
            return
        answer = await client.history(self.app.user, conversation_id=conversation_id)
        conversation = answer.get("conversation")
        if conversation is None:
            self.say("that conversation is gone", error=True)
            return
        self.app.push_screen(ConversationScreen(conversation))
