"""`/secrets`: manage secrets without ever showing one.

A table lists what the user sees (`kernel.services.secrets_listing`): each secret an installed
extension declares, set or not, and the shell's own API keys. Enter on a row opens a masked
field (Textual's password Input: every character drawn as a bullet); Enter stores the value in
the OS keyring or the encrypted vault and clears the field, Esc drops it. `d` twice deletes the
selected secret. A value is held only between the keystroke and the store call; it is never
drawn, logged, or kept on the screen."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

COLUMNS = ("app", "name", "for", "state", "about")


def state_of(row: dict[str, Any]) -> str:
    if row["set"]:
        return "set"
    return "MISSING (required)" if row.get("required") else "not set"


class SecretsScreen(Screen):
    """The table of secrets and the masked field that sets one."""

    DEFAULT_CSS = """
    SecretsScreen { layout: vertical; }
    SecretsScreen #secrets-title { height: 1; text-style: bold; padding: 0 1; }
    SecretsScreen DataTable { height: 1fr; }
    SecretsScreen #secret-value { display: none; }
    SecretsScreen #secret-value.editing { display: block; }
    SecretsScreen #secrets-status { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("enter", "edit", "Set", show=True),
        Binding("d", "forget", "Delete"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self, config: Any, user: str, extensions: list[Any]):
        super().__init__()
        self.config, self.user, self.extensions = config, user, extensions
        self.rows: list[dict[str, Any]] = []
        self._service: Any = None
        self._armed_delete: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Secrets: values are never shown", id="secrets-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="secrets-table")
            yield Input(password=True, id="secret-value")
            yield Static("Enter sets the selected secret · d d deletes · Esc back",
                         id="secrets-status")  # fmt: skip

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def field(self) -> Input:
        return self.query_one("#secret-value", Input)

    def say(self, text: str) -> None:
        from imperal_tui.sanitize import neutralise

        self.query_one("#secrets-status", Static).update(neutralise(text))

    def service(self) -> Any:
        """One store for the screen's life: a passphrase vault derives its key (scrypt, about
        0.1 s) once, not on every list, store and delete."""
        if self._service is None:
            from kernel.services.secrets import SecretsService

            self._service = SecretsService(self.config.data_dir, self.config.config_dir)
        return self._service

    def tenant(self) -> str:
        return self.config.directory.profile(self.user).tenant

    async def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        await self.load()
        self.table.focus()

    async def load(self) -> None:
        from kernel.services import secrets_listing

        try:
            stored = await self.service().entries()
        except Exception as exc:  # a locked vault: the declared ones are still listed
            stored = []
            self.say(f"the secret store cannot be read: {exc}")
        self.rows = secrets_listing.rows(
            stored, self.extensions, user=self.user, tenant=self.tenant()
        )
        table = self.table
        table.clear()
        for i, row in enumerate(self.rows):
            who = row["user"] or ("shell" if row["app"] == secrets_listing.SHELL_APP else "all")
            about = row.get("description", "") or ("" if row["declared"] else "not declared")
            table.add_row(row["app"], row["name"], who, state_of(row), about, key=str(i))
        if not self.rows:
            self.say("No secrets to manage.")

    def selected(self) -> dict[str, Any] | None:
        if not self.rows or self.table.cursor_row < 0:
            return None
        return self.rows[min(self.table.cursor_row, len(self.rows) - 1)]

    def where(self, row: dict[str, Any]) -> tuple[str, str, str, str]:
        from kernel.services import secrets_listing

        if row["app"] == secrets_listing.SHELL_APP:
            return secrets_listing.shell_location(row["name"])
        return (self.tenant(), row["user"], row["app"], row["name"])

    def action_edit(self) -> None:
        row = self.selected()
        if row is None or self.field.has_class("editing"):
            return
        if row.get("write_mode") == "extension":
            self.say(f"{row['app']}.{row['name']} is written by the extension, not by hand")
            return
        self.field.placeholder = (
            f"new value for {row['app']}.{row['name']} (Enter stores, Esc drops)"
        )
        self.field.value = ""
        self.field.add_class("editing")
        self.call_after_refresh(self.field.focus)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on the table: the table selects the row, the screen edits it
        self.action_edit()

    def action_close(self) -> None:
        if self.field.has_class("editing"):
            self._stop_editing("nothing stored")
            return
        self.app.pop_screen()

    def _stop_editing(self, text: str) -> None:
        self.field.value = ""
        self.field.remove_class("editing")
        self.table.focus()
        self.say(text)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        row, value = self.selected(), event.value
        self.field.value = ""
        if row is None:
            return
        if not value:
            self._stop_editing("empty: nothing stored")
            return
        self.store(row, value)

    @work(exclusive=True, group="secrets")
    async def store(self, row: dict[str, Any], value: str) -> None:
        try:
            await self.service().set(*self.where(row), value)
        except Exception as exc:
            self._stop_editing(f"not stored: {exc}")
            return
        del value
        await self._kernel_learns()
        self._stop_editing(f"{row['app']}.{row['name']}: stored")
        await self.load()

    async def _kernel_learns(self) -> None:
        """The kernel (resident, or embedded) reads the store again, so it redacts the new
        value from now on; a kernel that cannot is left to learn it when it serves it."""
        client = getattr(self.app, "client", None)
        if client is None:
            return
        try:
            await client.learn_secrets()
        except Exception:  # noqa: BLE001  (storing succeeded; this is a best effort)
            return

    def action_forget(self) -> None:
        row = self.selected()
        if row is None or not row["set"]:
            self.say("nothing stored to delete")
            return
        key = (row["app"], row["user"], row["name"])
        if self._armed_delete != key:
            self._armed_delete = key
            self.say(f"press d again to delete {row['app']}.{row['name']}")
            return
        self._armed_delete = None
        self.forget(row)

    @work(exclusive=True, group="secrets")
    async def forget(self, row: dict[str, Any]) -> None:
        try:
            gone = await self.service().delete(*self.where(row))
        except Exception as exc:
            self.say(f"not deleted: {exc}")
            return
        self.say(f"{row['app']}.{row['name']}: {'deleted' if gone else 'was not stored'}")
        await self.load()

    async def action_reload(self) -> None:
        await self.load()
