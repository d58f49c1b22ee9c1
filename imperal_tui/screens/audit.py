"""The audit viewer (`/audit`): the ledger's rows in a table, filters editable in place (user,
app, status, since), whether the chain verifies (or its first bad row), and Enter on a row
for its full record.

The ledger is read as `imperal-shell audit` reads it: a read-only snapshot of the database
and the key from the secrets store, on a thread, so the kernel goes on writing meanwhile."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from imperal_tui.headless.audit_cmd import read_rows
from imperal_tui.headless.render import clean, to_json
from imperal_tui.screens.base import ShellScreen

ROWS = 500  # the newest rows shown
FILTERS = (("user", "user_id"), ("app", "app_id"), ("status", "status"), ("since", "since"))


def query_of(values: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The ledger filters and `since` from the inputs' text (blank: no filter); ValueError
    with the user's words for a `since` that is not an ISO date or time."""
    from kernel import ledger

    filters = {column: values[name].strip() for name, column in FILTERS[:3] if values[name].strip()}
    since_text = values["since"].strip()
    since = None
    if since_text:
        try:
            since = ledger.parse_since(since_text)
        except ValueError:
            raise ValueError(
                f"since {since_text!r} is not an ISO date or time (2026-01-31T12:00)"
            ) from None
    return filters, since


def verify_text(verdict: Any) -> str:
    if verdict.ok:
        return f"ledger intact: {verdict.rows} rows verify"
    row = f" (first bad row #{verdict.row})" if verdict.row else ""
    return f"ledger does NOT verify{row}: {clean(verdict.reason)}"


def record_text(row: dict[str, Any]) -> str:
    """A ledger row in full: its arguments parsed, the digest and hashes, the outcome."""
    record = dict(row)
    try:
        record["args"] = json.loads(record.pop("args_json", "null"))
    except ValueError:
        record["args"] = row.get("args_json")
    order = ["id", "ts", "user_id", "app_id", "function", "action_type", "source", "args",
             "args_sha256", "status", "error", "card_id", "started_at", "ended_at",
             "retention_class", "prev_hash", "row_hash"]  # fmt: skip
    ordered = {k: record[k] for k in order if k in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    return to_json(ordered)


class RecordScreen(ModalScreen[None]):
    """One ledger row, scrollable; Esc or q closes it."""

    DEFAULT_CSS = """
    RecordScreen { align: center middle; }
    RecordScreen > VerticalScroll {
        width: 100%; max-width: 100; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = f"ledger row #{self.row.get('id')}"
            scroll.border_subtitle = "esc closes"
            yield Static(record_text(self.row), markup=False, id="record-text")


class AuditScreen(ShellScreen):
    TITLE_TEXT = "Audit ledger"
    DEFAULT_CSS = """
    AuditScreen #audit-filters { height: 3; }
    AuditScreen #audit-filters Input { width: 1fr; }
    AuditScreen #audit-verify { height: auto; padding: 0 1; }
    AuditScreen #audit-verify.-bad { color: $error; text-style: bold; }
    AuditScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("ctrl+r,f5", "reload", "Reload")]

    def __init__(self, user: str | None = None) -> None:
        """`user`: the user filter it opens with (None: the app's user; "": everyone)."""
        super().__init__()
        self.initial_user = user
        self.rows: list[dict[str, Any]] = []

    def body(self) -> ComposeResult:
        user = self.app.user if self.initial_user is None else self.initial_user
        with Horizontal(id="audit-filters"):
            for name, _ in FILTERS:
                value = user if name == "user" else ""
                placeholder = "since (ISO)" if name == "since" else name
                yield Input(value, placeholder=placeholder, id=f"audit-{name}")
        yield Static("verifying the ledger…", id="audit-verify", markup=False)
        table: DataTable = DataTable(id="audit-rows", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "time (UTC)", "user", "call", "status")
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.run_worker(self.reload(), group="audit", exclusive=True, exit_on_error=False)
        self.run_worker(self.verify(), group="verify", exit_on_error=False)

    def filter_values(self) -> dict[str, str]:
        return {name: self.query_one(f"#audit-{name}", Input).value for name, _ in FILTERS}

    async def reload(self) -> None:
        """Read the rows the filters ask for; bad filters say why and change nothing."""
        try:
            filters, since = query_of(self.filter_values())
        except ValueError as exc:
            self.say(str(exc), error=True)
            return
        config = self.app.config
        rows = await asyncio.to_thread(lambda: list(read_rows(config, filters, since, ROWS)))
        rows.reverse()  # newest first
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            call = f"{row.get('app_id', '')}.{row.get('function', '')}"
            when = str(row.get("ts", ""))[:19].replace("T", " ")
            cells = (str(row.get("id", "")), when, row.get("user_id", ""), call, row.get("status"))
            table.add_row(*(clean(str(c)) for c in cells), key=str(row.get("id")))
        shown = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
        more = f" (the newest {ROWS})" if len(rows) == ROWS else ""
        what = ", ".join(f"{k}={v}" for k, v in self.filter_values().items() if v.strip())
        self.say(f"{shown}{more}{' matching ' + what if what else ''}; Enter shows a row")

    async def verify(self) -> None:
        from kernel import anchor

        config = self.app.config
        verdict = await asyncio.to_thread(
            anchor.verify_file, config.db_path, config.data_dir, config.config_dir
        )
        label = self.query_one("#audit-verify", Static)
        label.update(verify_text(verdict))
        label.set_class(not verdict.ok, "-bad")

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in a filter: the rows again (the chain is checked on opening and ctrl+r)."""
        event.stop()
        self.run_worker(self.reload(), group="audit", exclusive=True, exit_on_error=False)

    def action_reload(self) -> None:
        self.run_worker(self.reload(), group="audit", exclusive=True, exit_on_error=False)
        self.run_worker(self.verify(), group="verify", exclusive=True, exit_on_error=False)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        wanted = event.row_key.value
        for row in self.rows:
            if str(row.get("id")) == wanted:
                self.app.push_screen(RecordScreen(row))
                return
