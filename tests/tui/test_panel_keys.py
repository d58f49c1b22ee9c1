"""Panels without a mouse: ctrl+l / Tab / arrows reach rows and buttons, Enter fires them,
row actions go through the kernel's gates, and `send` actions become chat messages."""

from __future__ import annotations

from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.list_view import UiList
from imperal_tui.widgets.cards import ConfirmationCard
from imperal_tui.widgets.chat.messages import UserLine

from .conftest import SIZE


def focused_row_title(app) -> str | None:
    return app.focused.current_title if isinstance(app.focused, UiList) else None


async def test_ctrl_l_and_arrows_walk_the_panels_and_enter_completes_a_task(
    make_app, settle, submit, panel_titles
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        await submit(pilot, "add a task buy milk")

        await pilot.press("ctrl+l")  # the tab in front: Tasks, which the last write changed
        assert focused_row_title(app) == "buy milk"
        await pilot.press("up", "up")  # up past the first row: into the Notes tab
        assert focused_row_title(app) == "Groceries"
        await pilot.press("down")
        assert isinstance(app.focused, ActionButton) and str(app.focused.label) == "Refresh"
        await pilot.press("down")
        assert focused_row_title(app) == "buy milk"
        await pilot.press("down")  # the last row: stays put
        assert focused_row_title(app) == "buy milk"
        await pilot.press("up", "up")
        assert focused_row_title(app) == "Groceries"
        await pilot.press("down", "down")

        await pilot.press("enter")  # on_click = ui.Call("complete_task", task_id=...)
        await settle(pilot)
        assert panel_titles(app, "tasks") == []
        assert any("tasks.complete_task" in str(w.render()) for w in app.query(UserLine))
        # the focused row went away with its panel's last row: focus stays in the column
        assert isinstance(app.focused, ActionButton) and str(app.focused.label) == "Refresh"

        await pilot.press("ctrl+l")
        assert app.prompt.has_focus
        await pilot.press("ctrl+l")
        assert focused_row_title(app) == "Groceries"
        await pilot.press("escape")
        assert app.prompt.has_focus


async def test_tab_from_the_prompt_reaches_panel_rows(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await pilot.press("tab")  # the tab strip of the left slot (notes, tasks)
        assert type(app.focused).__name__ == "ContentTabs"
        assert app.panels.current_stack().app_id == "tasks"  # the write brought it forward
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(focused_row_title(app) or type(app.focused).__name__)
        assert "buy milk" in seen


async def test_a_destructive_row_action_asks_with_a_card(make_app, settle, submit, panel_titles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await pilot.press("ctrl+l")
        await pilot.press("down")
        assert focused_row_title(app) == "buy milk"
        await pilot.press("d")  # the row's Trash2 action: ui.Call("delete_task", ...)
        await settle(pilot)
        card = app.query_one(ConfirmationCard)
        assert card.answer is None and app.check_action("card", ("confirm",))  # ctrl+y waits
        assert card.card.function == "delete_task"
        assert panel_titles(app, "tasks") == ["buy milk"]


async def test_a_send_action_becomes_a_chat_message(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        await pilot.press("ctrl+l")
        assert focused_row_title(app) == "Groceries"
        await pilot.press("enter")  # on_click = ui.Send("show the note Groceries")
        await settle(pilot)
        assert str(list(app.query(UserLine))[-1].render()) == "› show the note Groceries"


async def test_an_unfinished_send_action_fills_the_prompt(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        button = next(b for b in app.query(ActionButton) if b.ctx.app_id == "notes")
        button.focus()
        await pilot.press("enter")  # Empty's action: ui.Send("create a note titled ")
        await pilot.pause()
        assert app.prompt.has_focus
        assert app.prompt.value == "create a note titled "


async def test_a_panel_refresh_button_re_renders_its_panel(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        [view] = [v for v in app.panels.views() if v.app_id == "notes"]
        before = view.renders
        button = next(b for b in view.query(ActionButton) if str(b.label) == "Refresh")
        button.focus()
        await pilot.press("enter")  # ui.Call("__panel__notes"): a re-render, not a function
        await settle(pilot)
        assert view.renders == before + 1
        assert not [w for w in app.query("ErrorLine")]
