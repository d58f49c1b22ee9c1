"""The TUI says when the audit ledger does not verify (the kernel's start-up check)."""

from __future__ import annotations

import sqlite3

from kernel import Kernel, KernelConfig


async def _two_rows(home):
    async with await Kernel.open(KernelConfig.load(home=home)) as k:
        s = k.session("tester")
        await s.call("tasks", "add_task", {"title": "one"}, source="cli")
        await s.call("tasks", "add_task", {"title": "two"}, source="cli")


async def test_a_tampered_ledger_is_a_warning_in_the_banner_and_chat(
    home, make_app, settle, wait_until, chat_text
):
    await _two_rows(home)
    conn = sqlite3.connect(home / "kernel.db")
    conn.execute("DROP TRIGGER ledger_update_only_prunes")
    conn.execute("UPDATE ledger SET status = 'error' WHERE id = 1")
    conn.commit()
    conn.close()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "does not verify" in chat_text(app), "ledger warning")
        assert "row 1" in chat_text(app)
        assert "audit verify" in chat_text(app)


async def test_an_intact_ledger_says_nothing(home, make_app, settle, wait_until, chat_text):
    await _two_rows(home)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: getattr(app, "ledger_state", ""), "ledger check")
        assert app.ledger_state == "ok"
        assert "ledger" not in chat_text(app).lower()
