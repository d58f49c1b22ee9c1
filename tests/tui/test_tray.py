"""The tray strip: items with badges, a dropdown per item (ctrl+t, arrows, Enter, Esc), kept
live by kernel events; toasts for notifications and ui.Toast results."""

from __future__ import annotations

import pytest

from imperal_tui.widgets.tray import TrayButton, TrayDropdown, TrayStrip
from imperal_tui.widgets.tray.strip import item_text
from imperal_tui.widgets.tray.toasts import severity_of

from .conftest import SIZE
from .tray_support import write_inbox


@pytest.fixture
def inbox(home):
    return write_inbox(home)


def badges(app) -> dict[str, str]:
    return {b.info.tray_id: b.badge for b in app.query(TrayButton)}


def strip_text(app) -> str:
    return " ".join(str(b.render()) for b in app.query(TrayButton))


def toasts(app) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def test_no_tray_item_no_strip(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(TrayStrip)
        assert not strip.display and strip.buttons() == []
        await pilot.press("ctrl+t")
        assert app.prompt.has_focus
        assert any("No extension has a tray item" in m for _, m, _ in toasts(app))


async def test_the_strip_shows_items_in_order_with_badges(inbox, make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(TrayStrip)
        assert strip.display and strip.region.height == 1
        assert [b.info.tray_id for b in strip.buttons()] == ["unread", "broken", "balance"]
        assert badges(app) == {"unread": "", "broken": "!", "balance": "1.2M"}
        assert strip_text(app) == "✉ •! ⚙ 1.2M"  # a corner badge sits close, inline after a space
        assert strip.button("inbox", "broken").has_class("-danger")


async def test_keys_open_and_close_a_dropdown(inbox, make_app, settle, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        assert app.focused is app.query_one(TrayStrip).button("inbox", "unread")
        await pilot.press("right", "right")
        assert app.focused.info.tray_id == "balance"
        await pilot.press("enter")
        await settle(pilot)
        dropdown = app.screen
        assert isinstance(dropdown, TrayDropdown) and dropdown.key == ("inbox", "balance")
        body_text = " ".join(str(w.render()) for w in dropdown.query("#tray-dropdown-body *"))
        assert "Credits left: 1.2M" in body_text
        shown = dropdown.renders
        dropdown.query_one("Button").press()  # ui.Call("__tray__balance"): asks again
        await wait_until(pilot, lambda: dropdown.renders > shown, "the refreshed dropdown")
        await pilot.press("escape")
        assert not isinstance(app.screen, TrayDropdown)
        assert app.focused.info.tray_id == "balance"  # back where it was
        await pilot.press("escape")
        assert app.prompt.has_focus


async def test_a_write_updates_the_badge_and_the_open_dropdown(
    inbox, make_app, settle, submit, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, 'inbox.add_message text="hello"')
        await wait_until(pilot, lambda: badges(app)["unread"] == "1", "the badge")
        button = app.query_one(TrayStrip).button("inbox", "unread")
        assert button.has_class("-danger")  # the answer's icon colour
        await pilot.press("ctrl+t", "enter")
        await settle(pilot)
        dropdown = app.screen
        assert isinstance(dropdown, TrayDropdown)
        shown = dropdown.renders
        dropdown.query_one("Button").focus()
        app.send('inbox.add_message text="again"')  # typed elsewhere: the dropdown follows
        await wait_until(pilot, lambda: badges(app)["unread"] == "2", "the second badge")
        await wait_until(pilot, lambda: dropdown.renders > shown, "the dropdown to follow")
        titles = [t for rows in dropdown.query("UiList") for t in rows.visible_titles()]
        assert titles == ["again", "hello"]
        assert app.focused is dropdown.query_one("Button")  # the focus stayed on the button


async def test_a_button_in_the_dropdown_runs_a_call(inbox, make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, 'inbox.add_message text="hello"')
        await wait_until(pilot, lambda: badges(app)["unread"] == "1", "the badge")
        await pilot.press("ctrl+t", "enter")
        await settle(pilot)
        dropdown = app.screen
        dropdown.query_one("Button").press()
        await wait_until(pilot, lambda: badges(app)["unread"] == "", "the badge to clear")
        rows = await app.client.audit(limit=20, user_id="tester")
        assert any(r["function"] == "clear_messages" and r["status"] == "ok" for r in rows)
        assert any(r["function"] == "tray:unread" and r["source"] == "tray" for r in rows)


async def test_a_failing_item_shows_its_error_and_the_rest_works(inbox, make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(TrayStrip).button("inbox", "broken").focus()
        await pilot.press("enter")
        await settle(pilot)
        text = " ".join(str(w.render()) for w in app.screen.query("#tray-dropdown-body *"))
        assert "tray exploded" in text
        await pilot.press("escape", "escape")
        await submit(pilot, "add a task buy milk")
        assert badges(app)["balance"] == "1.2M"


async def test_toasts_for_ui_toast_results_and_notifications(
    inbox, make_app, settle, submit, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, 'inbox.toast_me text="Saved!" severity="success"')
        assert ("inbox", "Saved!", "information") in toasts(app)
        await submit(pilot, 'inbox.toast_me text="Careful" severity="warning"')
        assert ("inbox", "Careful", "warning") in toasts(app)
        await submit(pilot, 'inbox.notify_me text="Disk full" severity="error"')
        await wait_until(pilot, lambda: ("inbox", "Disk full", "error") in toasts(app))
        await submit(pilot, 'inbox.notify_me text="fyi"')
        await wait_until(pilot, lambda: ("inbox", "fyi", "information") in toasts(app))


def test_item_text_and_severities():
    assert item_text("Mail", "") == "✉"
    assert item_text("Mail", "3") == "✉3"
    assert item_text("Wallet", "1.2M", "inline") == "• 1.2M"
    assert item_text("Mail", "\x1b[2J") == "✉\\x1b[2J"  # escape sequences are shown, not obeyed
    assert [severity_of(w) for w in ("", "info", "success", "warn", "danger", "ERROR")] == [
        "information", "information", "information", "warning", "error", "error",
    ]  # fmt: skip


SLOW_TRAY = """
import asyncio

from imperal_sdk import Extension, ui

ext = Extension("sleepy", version="1.0.0")


@ext.tray("late", icon="Bell")
async def late(ctx, **kwargs):
    await asyncio.sleep(30)
    return ui.TrayResponse(badge=1)
"""


async def test_a_slow_item_waits_alone_and_ends_as_an_error(
    home, monkeypatch, make_app, settle, submit, chat_text, wait_until
):
    folder = home / "extensions" / "sleepy"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLOW_TRAY)
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "4")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.ready.wait()
        button = app.query_one(TrayStrip).button("sleepy", "late")
        assert button is not None and button.state is None  # its answer is still due
        button.focus()
        await pilot.press("enter")
        dropdown = app.screen
        assert isinstance(dropdown, TrayDropdown)
        body = " ".join(str(w.render()) for w in dropdown.query("#tray-dropdown-body *"))
        assert "loading…" in body
        await pilot.press("escape", "escape")
        app.send("add a task buy milk")  # the rest answers meanwhile
        await wait_until(pilot, lambda: "buy milk" in chat_text(app), "the reply")
        assert button.state is None
        await wait_until(pilot, lambda: button.badge == "!", "the time cap", timeout=20)
        assert "did not finish within 4 s" in button.state.error
