"""The extensions screen (`/ext`): list, enable, disable (kept across restarts), reload,
validation problems."""

from __future__ import annotations

import os

import pytest
from textual.widgets import DataTable

from imperal_tui.screens.extensions import ExtensionsScreen
from imperal_tui.widgets.chat.messages import ErrorLine
from kernel.client import RpcError

from .test_kernel_link import resident_home  # noqa: F401  (the fixture)

BIG = (120, 40)


def _rows(screen: ExtensionsScreen) -> dict[str, str]:
    """extension -> state, as the table shows them."""
    table = screen.query_one(DataTable)
    return {str(r[0]): str(r[2]) for r in (table.get_row_at(i) for i in range(table.row_count))}


async def _open(pilot, submit, wait_until) -> ExtensionsScreen:
    await submit(pilot, "/ext")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExtensionsScreen), "/ext")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.rows, "the extension rows")
    return screen


def _select(screen: ExtensionsScreen, app_id: str) -> None:
    screen.query_one(DataTable).move_cursor(row=[r.app_id for r in screen.rows].index(app_id))


def _panel_apps(app) -> set[str]:
    return {view.app_id for view in app.panels.views()}


async def test_lists_loaded_and_broken_extensions(make_app, settle, submit, wait_until, home):
    broken = home / "extensions" / "broken"
    broken.mkdir(parents=True)
    (broken / "main.py").write_text("this is not python(\n")
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        rows = _rows(screen)
        assert rows["notes"] == rows["tasks"] == "enabled"
        assert rows["broken"] == "not loaded"
        _select(screen, "broken")
        await pilot.pause()
        assert "load error:" in str(screen.query_one("#ext-detail-text").render())
        await pilot.press("d")
        assert "choose a loaded or disabled extension" in screen.status_text
        with pytest.raises(RpcError, match="no extension 'nope'"):
            await app.client.set_extension_enabled("nope", False)


async def test_disable_is_kept_across_a_restart_and_enable_undoes_it(
    make_app, settle, submit, wait_until
):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert "notes" in _panel_apps(app)
        screen = await _open(pilot, submit, wait_until)
        _select(screen, "notes")
        await pilot.press("d")
        await wait_until(pilot, lambda: _rows(screen).get("notes") == "disabled", "disabled")
        assert "notes disabled" in screen.status_text
        assert "notes" not in _panel_apps(app)  # its panels left the column
        await pilot.press("escape")
        await submit(pilot, "notes.create_note title=Q3")
        assert any("notes" in str(e.render()) for e in app.query(ErrorLine))
        rows = await app.client.audit(limit=50)
        assert not [r for r in rows if r["function"] == "create_note"]  # never ran

    again = make_app()  # a new kernel on the same data dir
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert "notes" not in _panel_apps(again)
        screen = await _open(pilot, submit, wait_until)
        assert _rows(screen)["notes"] == "disabled"
        _select(screen, "notes")
        await pilot.press("e")
        await wait_until(pilot, lambda: _rows(screen).get("notes") == "enabled", "enabled")
        await wait_until(pilot, lambda: "notes" in _panel_apps(again), "the notes panel back")
        await pilot.press("escape")
        await submit(pilot, "notes.create_note title=Q3")
        rows = await again.client.audit(limit=50)
        assert [r["status"] for r in rows if r["function"] == "create_note"] == ["ok"]


async def test_reload_and_validate(slow_extension, make_app, settle, submit, wait_until):
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = await _open(pilot, submit, wait_until)
        _select(screen, "slow")
        (slow_extension / "main.py").write_text(
            (slow_extension / "main.py").read_text() + "\n\n@chat.function('extra', "
            "action_type='read', description='One more.')\n"
            "async def extra(ctx, params: Nothing) -> ActionResult:\n"
            "    return ActionResult.success(data={}, summary='')\n"
        )
        await pilot.press("r")
        await wait_until(pilot, lambda: "reloaded slow (3 functions)" in screen.status_text)

        (slow_extension / "main.py").write_text("broken(\n")
        await pilot.press("r")
        await wait_until(pilot, lambda: "reload failed" in screen.status_text, "a failed reload")
        assert _rows(screen)["slow"] == "enabled (reload failed)"  # the old version runs on
        assert "load error:" in str(screen.query_one("#ext-detail-text").render())

        _select(screen, "notes")
        await pilot.press("v")
        await wait_until(pilot, lambda: "validated notes" in screen.status_text, timeout=60)
        assert "validation: 0 error(s)" in str(screen.query_one("#ext-detail-text").render())


@pytest.mark.usefixtures("resident_home")
async def test_disable_on_a_resident_kernel(make_app, settle, submit, wait_until):
    """The same through the resident kernel's socket (`imperal-shell` by default)."""
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert app.client.pid != os.getpid()
        screen = await _open(pilot, submit, wait_until)
        _select(screen, "tasks")
        await pilot.press("d")
        await wait_until(pilot, lambda: _rows(screen).get("tasks") == "disabled", "disabled")
        assert "tasks" not in _panel_apps(app)
        assert "tasks" in {i.app_id for i in (await app.client.catalog())["disabled"]}
        await pilot.press("e")
        await wait_until(pilot, lambda: _rows(screen).get("tasks") == "enabled", "enabled")
