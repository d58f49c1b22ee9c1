"""The extensions screen (`/ext`): every extension the kernel knows (loaded, disabled, or
failed to load), with enable (e), disable (d), reload (r) and validate (v) on the selected one.

Enabling and disabling go to the kernel, which keeps the choice across restarts
(`kernel/disabled.py`): a disabled extension's functions cannot be called and its panels
leave the side column. Validation runs the SDK validator (`imperal-shell validate --json`) in
a child process, so an extension's import-time code never runs inside the TUI."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from imperal_tui.headless.render import clean
from imperal_tui.screens.base import ShellScreen

VALIDATE_TIMEOUT = 60.0  # seconds the validator child may take


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    app_id: str
    state: str  # "enabled" | "disabled" | "not loaded"
    version: str = ""
    path: str = ""
    functions: tuple[str, ...] = ()
    panels: int = 0
    error: str = ""


def rows_of(catalog: dict[str, Any]) -> list[Row]:
    """The table's rows from `client.catalog()`: loaded, then disabled, then load errors."""
    from pathlib import Path

    errors = {str(Path(e.path).resolve()): e.message for e in catalog["load_errors"]}
    rows = []
    for state, infos in (("enabled", catalog["extensions"]), ("disabled", catalog["disabled"])):
        for info in infos:
            names = tuple(f.name for f in info.functions)
            error = errors.pop(str(Path(info.path).resolve()), "")  # a failed reload: old runs
            rows.append(
                Row(info.app_id, state, info.version, info.path, names, len(info.panels), error)
            )
    for error in catalog["load_errors"]:
        if str(Path(error.path).resolve()) in errors:
            rows.append(Row(error.name, "not loaded", path=error.path, error=error.message))
    return rows


def problems_text(report: dict[str, Any]) -> str:
    """The validator's JSON report as lines: counts, then each issue."""
    lines = [
        f"validation: {report.get('errors', 0)} error(s), {report.get('warnings', 0)}"
        f" warning(s), {report.get('infos', 0)} info"
    ]
    for issue in report.get("issues", []):
        where = f"{issue.get('file')}:{issue.get('line')} " if issue.get("file") else ""
        lines.append(f"  {issue.get('level')} {where}[{issue.get('rule')}] {issue.get('message')}")
    return clean("\n".join(lines))


async def validate(path: str, timeout: float = VALIDATE_TIMEOUT) -> str:
    """Run the validator on the folder at `path` in a child process; its problems as text."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "imperal_tui", "validate", path, "--json",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return f"validation: the validator took longer than {timeout:g} s"
    try:
        return problems_text(json.loads(out))
    except ValueError:
        why = (err or out).decode(errors="replace").strip().splitlines()
        return clean(f"validation failed: {why[-1] if why else f'exit {proc.returncode}'}")


class ExtensionsScreen(ShellScreen):
    TITLE_TEXT = "Extensions"
    DEFAULT_CSS = """
    ExtensionsScreen DataTable { height: 1fr; min-height: 4; }
    ExtensionsScreen #ext-details { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("e", "switch(True)", "Enable"),
        Binding("d", "switch(False)", "Disable"),
        Binding("r", "reload_extension", "Reload"),
        Binding("v", "validate", "Validate"),
        Binding("ctrl+r,f5", "refresh_list", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.problems: dict[str, str] = {}  # app id -> validation text, once run

    def body(self) -> ComposeResult:
        table: DataTable = DataTable(id="ext-rows", cursor_type="row")
        table.add_columns("extension", "version", "state", "functions", "panels")
        yield table
        with VerticalScroll(id="ext-details"):
            yield Static("", id="ext-detail-text", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.run_worker(self.refresh_rows(), group="ext", exclusive=True, exit_on_error=False)

    def action_refresh_list(self) -> None:
        self.run_worker(self.refresh_rows(), group="ext", exclusive=True, exit_on_error=False)

    async def _client(self) -> Any:
        from imperal_tui.commands.reports import _kernel

        return await _kernel(self.app)

    async def refresh_rows(self, *, resync: bool = False) -> None:
        """Ask the kernel again; `resync`: also rebuild the app's panels from the answer."""
        client = await self._client()
        if client is None:
            self.say("the kernel is not running (see the chat)", error=True)
            return
        catalog = await client.catalog()
        if resync:
            await self.app._sync_panels(catalog)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        self.rows = rows_of(catalog)
        table.clear()
        for row in self.rows:
            failed = row.error and row.state != "not loaded"
            state = row.state + (" (reload failed)" if failed else "")
            count = str(len(row.functions)) if row.state != "not loaded" else "-"
            table.add_row(clean(row.app_id), clean(row.version), state, count,
                          str(row.panels))  # fmt: skip
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.show_details()

    def selected(self) -> Row | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def show_details(self) -> None:
        row = self.selected()
        text = ""
        if row is not None:
            lines = [f"{row.app_id}  ({row.state})", f"folder: {self.where(row.path)}"]
            if row.error:
                lines.append(f"load error: {row.error}")
            if row.functions:
                lines.append("functions: " + ", ".join(row.functions))
            lines.append(self.problems.get(row.app_id, "v validates it"))
            text = clean("\n".join(lines))
        self.query_one("#ext-detail-text", Static).update(text)

    def where(self, path: str) -> str:
        """The folder, named by where it lives: built in, the user's extensions, or in full."""
        from pathlib import Path

        from kernel.config import BUILTIN_EXTENSIONS

        folder = Path(path)
        homes = (
            (BUILTIN_EXTENSIONS, "built in: "),
            (self.app.config.user_extensions_dir, "your extensions: "),
        )
        for base, label in homes:
            if folder.parent == Path(base) or folder.parent.resolve() == Path(base).resolve():
                return label + folder.name
        return path

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_details()

    def action_switch(self, enabled: bool) -> None:
        self.run_worker(self.switch(enabled), group="ext", exit_on_error=False)

    async def switch(self, enabled: bool) -> None:
        """Enable or disable the selected extension (kept across restarts)."""
        row = self.selected()
        if row is None or row.state == "not loaded":
            self.say("choose a loaded or disabled extension first", error=True)
            return
        if row.state == ("enabled" if enabled else "disabled"):
            self.say(f"{row.app_id} is already {row.state}")
            return
        client = await self._client()
        if client is None:
            return
        try:
            await client.set_extension_enabled(row.app_id, enabled)
        except Exception as exc:  # the kernel refused (say, an unknown id): nothing changed
            self.say(f"{row.app_id}: {exc}", error=True)
            return
        await self.refresh_rows(resync=True)
        did = "enabled" if enabled else "disabled: its functions and panels are off"
        self.say(f"{row.app_id} {did} (kept across restarts)")

    def action_reload_extension(self) -> None:
        self.run_worker(self.reload(), group="ext", exit_on_error=False)

    async def reload(self) -> None:
        """Re-read the selected extension's folder; a broken one keeps its old version."""
        from kernel.catalog import LoadError

        row = self.selected()
        if row is None or row.state == "not loaded":
            self.say("choose a loaded or disabled extension to reload", error=True)
            return
        client = await self._client()
        if client is None:
            return
        self.say(f"reloading {row.app_id}…")
        try:
            result = await client.reload_extension_by_id(row.app_id)
        except Exception as exc:
            self.say(f"reload of {row.app_id} failed: {exc}", error=True)
            return
        await self.refresh_rows(resync=True)
        if isinstance(result, LoadError):
            self.say(clean(f"reload failed, the old version runs on: {result.message}"), error=True)
        else:
            count = len(result.functions)
            self.say(f"reloaded {result.app_id} ({count} function{'' if count == 1 else 's'})")

    def action_validate(self) -> None:
        self.run_worker(self.validate_selected(), group="validate", exit_on_error=False)

    async def validate_selected(self) -> None:
        row = self.selected()
        if row is None or not row.path:
            self.say("choose an extension to validate", error=True)
            return
        self.say(f"validating {row.app_id}…")
        self.problems[row.app_id] = await validate(row.path)
        self.show_details()
        self.say(f"validated {row.app_id}")
