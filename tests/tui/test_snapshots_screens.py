"""SVG snapshots of the shell's screens (audit, extensions, settings, history, a
conversation) at 80x24 and 120x40, with deterministic data: the ledger's clock and the
history's times and conversation ids are fixed for these runs.

Update after an intended change with `pytest tests/tui/test_snapshots_screens.py
--snapshot-update` and look at the SVGs before committing them."""

from __future__ import annotations

import time

import pytest

from imperal_tui.screens import history as history_screen
from imperal_tui.screens.audit import AuditScreen
from imperal_tui.screens.extensions import ExtensionsScreen
from imperal_tui.screens.history import ConversationScreen, HistoryScreen
from imperal_tui.screens.settings import SettingsScreen
from kernel.history import HistoryStore

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def fixed_clock(monkeypatch):
    from kernel import ledger

    monkeypatch.setattr(ledger, "utcnow", lambda: "2026-01-31T12:00:00.000000Z")
    monkeypatch.setattr(history_screen, "when", lambda ts: "2026-01-31 12:00")
    ids = iter(range(1, 1000))
    monkeypatch.setattr(HistoryStore, "new_id", staticmethod(lambda: f"conv_{next(ids):04d}"))


async def _until(pilot, predicate, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the screen never got there"
        await pilot.pause(0.02)


def _open(*messages: str, command: str, ready):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.prompt.cursor_blink = False
        await app.wait_idle()
        for message in messages:
            app.prompt.value = message
            await pilot.press("enter")
            await app.wait_idle()
        app.prompt.value = command
        await pilot.press("enter")
        await app.wait_idle()
        await _until(pilot, lambda: ready(app.screen))
        await pilot.pause()

    return run_before


def _audit_ready(screen) -> bool:
    return (
        isinstance(screen, AuditScreen)
        and "Enter shows" in screen.status_text
        and ("ledger " in str(screen.query_one("#audit-verify").render()))
    )


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_audit_screen(make_app, snap_compare, fixed_clock, home, size):
    # one panel only: two panels render concurrently, and their ledger rows' order would vary
    (home / "disabled_extensions.json").write_text('["tasks"]')
    run_before = _open("notes.create_note title=Q3", command="/audit", ready=_audit_ready)
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_extensions_screen(make_app, snap_compare, size):
    ready = lambda s: isinstance(s, ExtensionsScreen) and s.rows  # noqa: E731
    assert snap_compare(
        make_app(), terminal_size=size, run_before=_open(command="/ext", ready=ready)
    )


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_settings_screen(make_app, snap_compare, size):
    ready = lambda s: isinstance(s, SettingsScreen)  # noqa: E731
    run_before = _open(command="/settings", ready=ready)
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_history_screen(make_app, snap_compare, fixed_clock, size):
    ready = lambda s: isinstance(s, HistoryScreen) and "conversations;" in s.status_text  # noqa: E731
    run_before = _open(
        "add a task buy milk", "/new", "add a task buy bread", command="/history", ready=ready
    )
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_conversation_screen(make_app, snap_compare, fixed_clock, monkeypatch, size):
    from imperal_tui.headless import history_cmd

    monkeypatch.setattr(history_cmd, "when", lambda ts: "2026-01-31 12:00")
    ready = lambda s: isinstance(s, HistoryScreen) and "conversation;" in s.status_text  # noqa: E731
    opened = _open("add a task buy milk", command="/history", ready=ready)

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(pilot.app.screen, ConversationScreen))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
