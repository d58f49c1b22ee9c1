"""Layout: left and right panel slots (tabs when several extensions share one), center
panels as screens over the chat, sidebars that collapse (F2 / F3) and start collapsed on a
narrow screen, and panels that misbehave without taking the rest of the TUI with them."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent

from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.screens.center import CenterPanelScreen
from imperal_tui.widgets.chat.messages import ErrorLine, UserLine
from imperal_tui.widgets.panels.bounded import MAX_NODES
from imperal_tui.widgets.panels.column import PanelColumn

from .conftest import SIZE
from .layout_fixtures import bad_extensions, side_extensions

WIDE = (120, 40)


def column(app, slot: str) -> PanelColumn:
    return next(c for c in app.query(PanelColumn) if c.slot == slot)


def view(app, app_id: str, panel_id: str):
    return next(v for v in app.query("PanelView") if (v.app_id, v.panel_id) == (app_id, panel_id))


def shown_text(widget) -> str:
    return "\n".join(str(w.render()) for w in widget.query("Static"))


def tab_labels(col: PanelColumn) -> list[str]:
    tabbed = col.query_one(TabbedContent)
    return [str(tab.label) for tab in tabbed.query("ContentTab")]


@pytest.fixture
def sides(home):
    side_extensions(home)


async def test_right_slot_is_drawn_with_one_tab_per_extension(sides, make_app, settle):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        right = column(app, "right")
        assert not right.collapsed and right.region.width > 0
        assert tab_labels(right) == ["Radar", "Weather"]
        assert [(v.app_id, v.panel_id) for v in right.views()] == [
            ("radar", "radar"),
            ("weather", "weather"),
        ]
        assert "all quiet" in shown_text(view(app, "radar", "radar"))
        assert "sunny, 21 C" in shown_text(view(app, "weather", "weather"))
        # the left slot has three extensions: tabs too; center panels are in no column
        assert tab_labels(column(app, "left")) == ["Notes", "Tasks", "Opener"]
        assert not [v for v in app.query("PanelView") if v.panel_id == "forecast"]
        left, chat = column(app, "left").region, app.chat.region
        assert left.right <= chat.x and chat.right <= right.region.x


async def test_tabs_switch_with_brackets_and_arrows_cross_into_the_next_tab(
    sides, make_app, settle
):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        right = column(app, "right")
        await pilot.press("ctrl+l")  # the left slot first
        assert column(app, "left") in app.focused.ancestors
        await pilot.press("ctrl+l")  # then the right slot: the Radar tab's button
        assert isinstance(app.focused, ActionButton) and app.focused.ctx.app_id == "radar"
        await pilot.press("right_square_bracket")  # ]: the Weather tab (nothing to focus)
        assert right.current_stack().app_id == "weather"
        await pilot.press("left_square_bracket")  # [: back to Radar, its button focused
        assert right.current_stack().app_id == "radar"
        assert isinstance(app.focused, ActionButton) and app.focused.ctx.app_id == "radar"
        await pilot.press("ctrl+l")
        assert app.prompt.has_focus


async def test_f2_and_f3_collapse_and_expand_the_sidebars_at_80x24(sides, make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        left, right = column(app, "left"), column(app, "right")
        assert not left.collapsed and right.collapsed  # 80 columns: too narrow for both
        assert app.chat.region.width == SIZE[0] - left.region.width
        await pilot.press("f3")
        await pilot.pause()
        assert not right.collapsed and right.region.width > 0
        await pilot.press("f2", "f3")
        await pilot.pause()
        assert left.collapsed and right.collapsed
        assert app.chat.region.width == SIZE[0]
        await pilot.press("f2")
        await pilot.pause()
        assert not left.collapsed
        # hiding the column that has the focus gives the focus back to the prompt
        await pilot.press("ctrl+l")
        assert left in app.focused.ancestors
        await pilot.press("f2")
        assert app.prompt.has_focus and left.collapsed
        # a collapsed column is skipped by ctrl+l
        await pilot.press("ctrl+l")
        assert app.prompt.has_focus


async def test_narrow_screen_starts_collapsed_and_a_wide_one_is_roomier(sides, make_app, settle):
    app = make_app()
    async with app.run_test(size=(50, 14)) as pilot:
        await settle(pilot)
        assert column(app, "left").collapsed and column(app, "right").collapsed
        assert app.chat.region.width == 50
    widths = {}
    for size in (SIZE, WIDE, (200, 60)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            widths[size[0]] = column(app, "left").region.width
            if size[0] >= 120:
                assert column(app, "right").region.width == widths[size[0]]
    assert widths[80] < widths[120] < widths[200]


async def test_the_sidebars_follow_a_resized_terminal(sides, make_app, settle):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        left, right = column(app, "left"), column(app, "right")
        assert not left.collapsed and not right.collapsed
        await pilot.resize_terminal(80, 24)  # narrower than the right slot's threshold
        await pilot.pause()
        assert not left.collapsed and right.collapsed
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        assert left.collapsed and right.collapsed
        await pilot.press("f2")  # shown by hand at 50 columns: it stays until a crossing
        await pilot.resize_terminal(52, 14)
        await pilot.pause()
        assert not left.collapsed
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert not left.collapsed and not right.collapsed


async def test_center_panel_opens_as_a_screen_and_esc_returns_to_the_chat(
    sides, make_app, settle, submit, chat_text
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/panel")
        assert "weather.forecast" in chat_text(app)
        await submit(pilot, "/panel weather.forecast")
        screen = app.screen
        assert isinstance(screen, CenterPanelScreen)
        assert "Forecast" in shown_text(screen.view)
        button = screen.view.query_one(ActionButton)
        button.focus()
        await pilot.press("enter")  # __panel__forecast day=tuesday: re-rendered in place
        await settle(pilot)
        assert app.screen is screen and "tuesday: rain" in shown_text(screen.view)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CenterPanelScreen)
        assert app.prompt.has_focus
        assert not [w for w in app.query(ErrorLine)]


async def test_a_left_panel_call_opens_the_center_panel_with_its_params(sides, make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opener = next(b for b in app.query(ActionButton) if b.ctx.app_id == "weather")
        opener.focus()
        await pilot.press("enter")  # ui.Call("__panel__forecast", day="monday")
        await settle(pilot)
        assert isinstance(app.screen, CenterPanelScreen)
        assert "monday: rain" in shown_text(app.screen.view)


async def test_unknown_panel_says_so_and_opens_nothing(sides, make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/panel nowhere")
        assert not isinstance(app.screen, CenterPanelScreen)
        [error] = app.query(ErrorLine)
        assert "unknown panel 'nowhere'" in str(error.render())
        assert "weather.forecast" in str(error.render())


async def test_a_call_from_a_center_panel_returns_to_the_chat(sides, make_app, settle):
    from imperal_tui.renderer import UiAction

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("app.focus_prompt")
        app.prompt.value = "/panel forecast"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CenterPanelScreen)
        screen.view.post_message(UiAction("weather", {"action": "send", "message": "hello"}))
        await settle(pilot)
        assert not isinstance(app.screen, CenterPanelScreen)
        assert any("hello" in str(w.render()) for w in app.query(UserLine))


# --- bad input ----------------------------------------------------------------------------


async def test_misbehaving_panels_show_errors_or_a_bounded_tree(home, make_app, settle):
    bad_extensions(home, slow_s=0.0)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        raises = shown_text(view(app, "badpanels", "raises"))
        assert "RuntimeError: the panel broke" in raises
        assert "returned dict, not a ui node" in shown_text(view(app, "badpanels", "garbage"))
        weird = shown_text(view(app, "badpanels", "weird"))  # a node, but a broken one
        assert "children must be a list of nodes" in weird
        huge = view(app, "badpanels", "huge")
        assert huge.dropped == 50_001 - MAX_NODES
        assert len(huge.query("Static")) <= MAX_NODES + 1
        assert f"{huge.dropped:,} more nodes not shown" in shown_text(huge)
        assert "finally here" in shown_text(view(app, "slowpanel", "slowpoke"))
        # the other panels are whole
        assert "Notes" in shown_text(view(app, "notes", "notes"))


async def test_a_slow_panel_loads_alone_while_the_rest_stays_usable(
    home, make_app, wait_until, chat_text, panel_titles
):
    bad_extensions(home, slow_s=30.0)  # never comes during the test
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:

        def others_rendered() -> bool:
            views = list(app.query("PanelView"))
            return bool(views) and all(v.renders for v in views if v.app_id != "slowpanel")

        await wait_until(pilot, others_rendered, "the other panels")
        slow = view(app, "slowpanel", "slowpoke")
        assert slow.renders == 0 and "Slowpoke: loading…" in shown_text(slow)
        # typing and a whole chat turn go on while the panel loads
        app.prompt.focus()
        await pilot.press(*"add a task buy milk")
        assert app.prompt.value == "add a task buy milk"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "buy milk" in chat_text(app), "the reply")
        await wait_until(pilot, lambda: panel_titles(app, "tasks") == ["buy milk"], "tasks")
        assert slow.renders == 0  # still loading, on its own


async def test_a_panel_that_changes_behind_a_tab_comes_to_the_front(
    make_app, settle, submit, panel_titles
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        left = column(app, "left")
        assert left.current_stack().app_id == "notes"
        await submit(pilot, "add a task buy milk")
        assert left.current_stack().app_id == "tasks"  # the write showed its panel
        assert panel_titles(app, "tasks") == ["buy milk"]
        await pilot.press("ctrl+r")  # re-rendering unchanged panels moves nothing
        await settle(pilot)
        assert left.current_stack().app_id == "tasks"
        # with the keyboard in the column, a change elsewhere leaves the tab alone
        await pilot.press("ctrl+l")
        assert left.current_stack().app_id == "tasks" and left in app.focused.ancestors
        async for _ in app.session.call("notes", "create_note", {"title": "Groceries"}):
            pass  # a write from outside the column's keyboard focus
        await settle(pilot)
        assert panel_titles(app, "notes") == ["Groceries"]  # re-rendered, behind its tab
        assert left.current_stack().app_id == "tasks"


async def test_the_palette_opens_a_center_panel(sides, make_app, settle, wait_until):
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"forecast")
        palette = app.screen
        await wait_until(
            pilot,
            lambda: any(
                "/panel weather.forecast" in str(o.prompt)
                for o in palette.query_one("CommandList").options
            ),
            "the forecast panel in the palette",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: not CommandPalette.is_open(app), "the palette to close")
        await wait_until(pilot, lambda: isinstance(app.screen, CenterPanelScreen), "the panel")
        await settle(pilot)
        assert "Forecast" in shown_text(app.screen.view)
        assert isinstance(app.focused, ActionButton)  # its first button has the keyboard


async def test_a_card_that_comes_while_a_center_panel_is_open_waits_on_the_main_screen(
    sides, make_app, settle, submit
):
    from imperal_tui.widgets.cards import CardQueue

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/panel forecast")
        assert isinstance(app.screen, CenterPanelScreen)
        app.send('notes.delete_note note_id="n-1"')  # say, queued before the panel opened
        await settle(pilot)
        [queue] = app.screen_stack[0].query(CardQueue)
        assert len(queue) == 1 and not [w for w in app.query(ErrorLine)]
        await pilot.press("escape")
        await pilot.pause()
        assert queue.front is not None and queue.front.region.height > 0
