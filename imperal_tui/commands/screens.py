"""Slash commands that open the shell's screens (imperal_tui/screens/): `/audit`, `/ext`,
`/settings`, `/history`. With words after them, `/audit N` and `/history WORDS` still answer
in the chat (`reports`), and `/ext list` lists the extensions there."""

from __future__ import annotations

from typing import Any

from imperal_tui.commands import reports
from imperal_tui.screens.base import open_screen


async def audit(app: Any, args: str) -> None:
    """`/audit` opens the audit viewer; `/audit N` lists your last N rows in the chat."""
    if args:
        await reports.audit(app, args)
        return
    from imperal_tui.screens.audit import AuditScreen

    open_screen(app, AuditScreen())


async def extensions(app: Any, args: str) -> None:
    """`/ext` opens the extensions screen; `/ext list` lists them in the chat."""
    if args == "list":
        await reports.extensions(app, args)
        return
    if args:
        from imperal_tui.widgets.chat import ErrorLine

        await app.chat.add(ErrorLine(f"/ext takes nothing or 'list', got {args!r}"))
        return
    from imperal_tui.screens.extensions import ExtensionsScreen

    open_screen(app, ExtensionsScreen())


async def settings(app: Any, args: str) -> None:
    """`/settings` opens the settings screen."""
    from imperal_tui.screens.settings import SettingsScreen

    open_screen(app, SettingsScreen())


async def history(app: Any, args: str) -> None:
    """`/history` opens the history browser; `/history WORDS` searches in the chat."""
    if args:
        await reports.history(app, args)
        return
    from imperal_tui.screens.history import HistoryScreen

    open_screen(app, HistoryScreen())
