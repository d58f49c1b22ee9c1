"""The audit viewer (`/audit`): rows, filters edited in place, verify status, a row's record."""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable, Input, Static

from imperal_tui.screens.audit import AuditScreen, RecordScreen, query_of

from .conftest import SIZE

BIG = (120, 40)


def _cells(screen: AuditScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _open(pilot, submit, wait_until) -> AuditScreen:
    await submit(pilot, "/audit")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AuditScreen), "the audit screen")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: "rows" in screen.status_text or "row " in screen.status_text)
    await wait_until(pilot, lambda: "ledger" in str(screen.query_one("#audit-verify").render()))
    return screen


async def test_rows_filters_and_verify_status(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "notes.create_note title=Q3")
        screen = await _open(pilot, submit, wait_until)
        calls = [row[3] for row in _cells(screen) if ".panel:" not in row[3]]  # panel renders
        assert calls == ["notes.create_note", "tasks.add_task"]  # newest first
        rows = len(_cells(screen))
        assert f"ledger intact: {rows} rows verify" in str(
            screen.query_one("#audit-verify").render()
        )
        assert screen.query_one("#audit-user", Input).value == "tester"

        app_filter = screen.query_one("#audit-app", Input)
        app_filter.value = "tasks"
        app_filter.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(_cells(screen)) < rows, "the filtered rows")
        assert {row[3].split(".")[0] for row in _cells(screen)} == {"tasks"}
        tasks_rows = len(_cells(screen))
        assert "matching user=tester, app=tasks" in screen.status_text

        since = screen.query_one("#audit-since", Input)
        since.value = "yesterday-ish"
        since.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "not an ISO date" in screen.status_text)
        assert len(_cells(screen)) == tasks_rows  # bad input changed nothing

        since.value = "2999-01-01"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not _cells(screen), "no rows after 2999")
        since.focus()
        await pilot.press("escape")  # from a filter too: back to the chat
        assert not isinstance(app.screen, AuditScreen)


async def test_enter_shows_the_full_record(make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "notes.create_note title=Q3")
        screen = await _open(pilot, submit, wait_until)
        table = screen.query_one(DataTable)
        table.focus()
        calls = [row[3] for row in _cells(screen)]
        table.move_cursor(row=calls.index("notes.create_note"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        text = str(app.screen.query_one("#record-text", Static).render())
        for part in ('"args"', '"title": "Q3"', '"args_sha256"', '"status": "ok"', '"row_hash"'):
            assert part in text
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, AuditScreen)


async def test_a_tampered_row_is_named_after_ctrl_r(make_app, settle, submit, wait_until, home):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "add a task buy bread")
        screen = await _open(pilot, submit, wait_until)
        verdict = screen.query_one("#audit-verify")
        assert "ledger intact" in str(verdict.render())
        conn = sqlite3.connect(app.config.db_path)
        with conn:  # an attacker with the file: drops the guard, edits a row
            conn.execute("DROP TRIGGER IF EXISTS ledger_no_update")
            conn.execute("DROP TRIGGER IF EXISTS ledger_update_only_prunes")
            conn.execute("UPDATE ledger SET status='error' WHERE id=3")
        conn.close()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "does NOT verify" in str(verdict.render()), "the verdict")
        assert "(first bad row #3)" in str(verdict.render())
        assert verdict.has_class("-bad")


def test_query_of_reads_the_inputs():
    filters, since = query_of({"user": " bob ", "app": "", "status": "ok", "since": "2026-01-31"})
    assert filters == {"user_id": "bob", "status": "ok"}
    assert since == "2026-01-31T00:00:00.000000Z"


async def test_audit_n_still_answers_in_the_chat(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/audit 5")
        assert not isinstance(app.screen, AuditScreen)


async def test_filter_placeholders_fit_at_80_columns(make_app, settle, submit, wait_until):
    """Each filter's placeholder is readable whole in an 80-column terminal (one cell is
    the cursor's)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        for field in screen.query("#audit-filters Input").results(Input):
            assert len(field.placeholder) < field.content_region.width, field.placeholder
