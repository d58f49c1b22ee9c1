"""ui.List as a virtual widget: keyboard cursor, selection and bulk actions, search, expand,
paging, load-more once, empty lists, bad items, and 1,000 items drawn a screen at a time."""

from __future__ import annotations

import itertools

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from imperal_tui.renderer import RenderContext, UiAction, render_tree
from imperal_tui.renderer.fallback import NodeError
from imperal_tui.renderer.list_view import UiList

from .tree_host import node


def call(function: str, **params) -> dict:
    return {"action": "call", "function": function, "params": params}


def item(i: int, **extra) -> dict:
    return node("ListItem", id=f"m{i}", title=f"mail {i}", subtitle=f"from p{i}", **extra)


PANELS = itertools.count()


class ListApp(App):
    """A bare host for one List that records the actions it fires (each on a panel of its
    own unless told: a panel's cursor and fired pages are remembered across re-renders)."""

    def __init__(self, tree: dict, panel_id: str = "") -> None:
        super().__init__()
        self.ui_tree = tree
        self.panel_id = panel_id or f"panel-{next(PANELS)}"
        self.fired: list[dict] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield render_tree(self.ui_tree, RenderContext("mail", self.panel_id))

    def on_ui_action(self, message: UiAction) -> None:
        self.fired.append(message.action)


async def _focused_list(pilot) -> UiList:
    rows = pilot.app.query_one(UiList)
    rows.focus()
    await pilot.pause()
    return rows


async def test_arrows_home_end_move_the_cursor_and_enter_fires_on_click():
    items = [item(i, on_click=call("open_mail", mail_id=f"m{i}")) for i in range(50)]
    app = ListApp(node("List", items=items))
    async with app.run_test(size=(60, 20)) as pilot:
        rows = await _focused_list(pilot)
        assert rows.current_title == "mail 0"
        await pilot.press("down", "down")
        assert rows.current_title == "mail 2"
        await pilot.press("end")
        assert rows.current_title == "mail 49"
        assert rows.scroll_offset.y > 0  # the cursor's row is scrolled into view
        await pilot.press("home", "pagedown")
        assert rows.cursor > 1
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.fired == [call("open_mail", mail_id="m0")]


async def test_space_selects_and_a_bulk_action_gets_the_selected_ids():
    archive = call("archive", folder="old")
    tree = node(
        "List",
        items=[item(i) for i in range(5)],
        selectable=True,
        bulk_actions=[{"label": "Archive", "action": archive}],
    )
    app = ListApp(tree)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = await _focused_list(pilot)
        await pilot.press("space", "down", "down", "space")
        assert rows.selected_ids == ["m0", "m2"]
        assert any("2 selected" in line and "1 Archive" in line for line in rows.line_texts())
        await pilot.press("1")
        await pilot.pause()
        assert app.fired == [call("archive", folder="old", message_ids=["m0", "m2"])]
        assert rows.selected_ids == []  # cleared after the bulk action, as in the kit
        await pilot.press("a")
        assert rows.selected_ids == [f"m{i}" for i in range(5)]
        await pilot.press("escape")
        assert rows.selected_ids == []


async def test_space_does_nothing_in_a_list_that_is_not_selectable():
    app = ListApp(node("List", items=[item(0)], bulk_actions=[{"label": "X", "action": call("x")}]))
    async with app.run_test(size=(60, 10)) as pilot:
        rows = await _focused_list(pilot)
        await pilot.press("space", "1")
        assert rows.selected_ids == [] and app.fired == []


async def test_slash_filters_by_title_subtitle_or_meta_and_escape_clears():
    items = [item(i) for i in range(30)] + [node("ListItem", id="x", title="Zebra", meta="zoo")]
    app = ListApp(node("List", items=items, searchable=True))
    async with app.run_test(size=(60, 20)) as pilot:
        rows = await _focused_list(pilot)
        await pilot.press("slash", *"mail 2")
        assert rows.visible_titles() == ["mail 2"] + [f"mail {i}" for i in range(20, 30)]
        await pilot.press("enter")  # keeps the filter, keys go to the rows again
        await pilot.press("down")
        assert rows.current_title == "mail 20"
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("backspace", "backspace", *"ZOO")
        assert rows.visible_titles() == ["Zebra"]
        await pilot.press("escape")
        assert len(rows.visible_titles()) == 31 and rows.filter_text == ""


async def test_enter_and_right_expand_a_row_and_left_collapses_it():
    details = [node("Text", content="the whole message body")]
    items = [item(0, expandable=True, expanded_content=details), item(1)]
    app = ListApp(node("List", items=items))
    async with app.run_test(size=(60, 12)) as pilot:
        rows = await _focused_list(pilot)
        assert not any("whole message" in line for line in rows.line_texts())
        await pilot.press("enter")  # no on_click: Enter expands
        assert any("whole message body" in line for line in rows.line_texts())
        await pilot.press("left")
        assert not any("whole message" in line for line in rows.line_texts())
        await pilot.press("right")
        assert any("whole message body" in line for line in rows.line_texts())
        await pilot.press("down")
        assert rows.current_title == "mail 1"
        assert app.fired == []


async def test_reaching_the_end_fires_load_more_once_per_page():
    more = call("load_more", cursor="c1")
    tree = node("List", items=[item(i) for i in range(40)], on_end_reached=more)
    app = ListApp(tree, panel_id="inbox-once")
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _focused_list(pilot)
        await pilot.press("end")
        await pilot.press("up", "down", "end", "pagedown")
        rows.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert app.fired == [more]
        assert "loading more…" in rows.line_texts()[-1]

    # The same page rendered again (a panel refresh) does not ask again; a longer page does.
    again = ListApp(tree, panel_id="inbox-once")
    async with again.run_test(size=(60, 16)) as pilot:
        await _focused_list(pilot)
        await pilot.press("end")
        assert again.fired == []
    longer = ListApp(
        node("List", items=[item(i) for i in range(60)], on_end_reached=more),
        panel_id="inbox-once",
    )
    async with longer.run_test(size=(60, 16)) as pilot:
        await _focused_list(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert longer.fired == [more]


async def test_page_size_turns_pages_with_brackets():
    app = ListApp(node("List", items=[item(i) for i in range(25)], page_size=10))
    async with app.run_test(size=(60, 30)) as pilot:
        rows = await _focused_list(pilot)
        assert rows.visible_titles()[0] == "mail 0" and len(rows.visible_titles()) == 10
        assert "1/3" in rows.line_texts()[-1]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert rows.visible_titles() == [f"mail {i}" for i in range(20, 25)]
        await pilot.press("left_square_bracket")
        assert rows.visible_titles()[0] == "mail 10"


async def test_an_empty_list_shows_its_empty_text_and_takes_no_focus():
    app = ListApp(node("List", items=[], empty_text="Inbox zero"))
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        rows = app.query_one(UiList)
        assert rows.line_texts() == [" Inbox zero"]
        assert not rows.focusable and rows.current is None


async def test_bad_items_show_an_error_line_and_the_good_ones_render():
    items = [item(0), "not an item", 7, item(3)]
    app = ListApp(node("List", items=items))
    async with app.run_test(size=(60, 12)) as pilot:
        rows = await _focused_list(pilot)
        text = "\n".join(rows.line_texts())
        assert "item 2 is not an object: str" in text and "item 3 is not an object: int" in text
        assert rows.visible_titles() == ["mail 0", "mail 3"]
        await pilot.press("down", "enter", "space")  # on the error row: nothing fires
        assert app.fired == []


async def test_items_that_are_not_a_list_give_an_error_box():
    app = ListApp(node("List", items={"a": 1}))
    async with app.run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        assert "items must be a list" in str(app.query_one(NodeError).render())


async def test_a_thousand_items_draw_only_the_visible_lines():
    app = ListApp(node("List", items=[item(i) for i in range(1000)], max_height=200))
    async with app.run_test(size=(60, 20)) as pilot:
        rows = await _focused_list(pilot)
        assert rows.size.height == 10  # max_height 200 px: 10 lines
        assert len(rows._strips) <= 10  # only what was on screen was drawn
        await pilot.press("end")
        assert rows.current_title == "mail 999"
        assert len(rows._strips) <= 20


async def test_row_actions_have_keys_and_a_lone_list_item_renders():
    delete = call("delete_mail", mail_id="m0")
    tree = item(0, actions=[{"icon": "Trash2", "on_click": delete}])
    app = ListApp(tree)
    async with app.run_test(size=(60, 6)) as pilot:
        rows = await _focused_list(pilot)
        assert rows.current_title == "mail 0"
        await pilot.press("d")
        await pilot.pause()
        assert app.fired == [delete]


async def test_grouped_by_inserts_group_headers():
    items = [{"id": i, "title": f"t{i}", "folder": "work" if i < 2 else ""} for i in range(3)]
    app = ListApp(node("List", items=items, grouped_by="folder"))
    async with app.run_test(size=(40, 10)) as pilot:
        rows = await _focused_list(pilot)
        lines = [line.strip() for line in rows.line_texts()]
        assert lines[0] == "WORK" and "OTHER" in lines


async def test_a_re_rendered_list_keeps_its_cursor_on_the_same_row():
    items = [item(i) for i in range(30)]
    first = ListApp(node("List", items=items, max_height=160), panel_id="kept")
    async with first.run_test(size=(60, 12)) as pilot:
        await _focused_list(pilot)
        await pilot.press(*["down"] * 12)
    # the panel draws again, three rows fewer
    again = ListApp(node("List", items=items[3:], max_height=160), panel_id="kept")
    async with again.run_test(size=(60, 12)) as pilot:
        rows = await _focused_list(pilot)
        assert rows.current_title == "mail 12"
        assert rows.scroll_offset.y > 0  # and it is on screen (8 lines: the list scrolls)


async def test_a_theme_change_redraws_the_rows_in_the_new_colours():
    app = ListApp(node("List", items=[item(i) for i in range(3)]))
    async with app.run_test(size=(60, 10)) as pilot:
        rows = await _focused_list(pilot)
        before = rows._line_strip(*rows.rows_layout.lines[0])
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = rows._line_strip(*rows.rows_layout.lines[0])
        assert before.text == after.text
        assert list(before) != list(after)  # same text, other styles


async def test_a_title_with_newlines_stays_on_its_own_row():
    items = [node("ListItem", id="a", title="two\nlines", subtitle="sub\r\nline"), item(1)]
    app = ListApp(node("List", items=items))
    async with app.run_test(size=(60, 10)) as pilot:
        rows = await _focused_list(pilot)
        lines = rows.line_texts()
        assert lines[0].strip() == "two lines" and lines[1].strip() == "sub line"
        assert lines[2].strip() == "mail 1"


def _enter_label(app) -> str:
    return next(
        b.description for _, b, *_ in app.screen.active_bindings.values() if b.key == "enter"
    )


async def test_the_footer_names_what_enter_does_on_the_cursor_row():
    """Enter's footer label is the row's own action (a task list's Enter completes, it does
    not 'Open'), or Expand/Collapse for a row that only expands."""
    items = [
        item(0, on_click=call("complete_task", task_id="t0")),
        item(1, expandable=True, expanded_content=[node("Text", content="more")]),
        item(2, on_click={"action": "send", "params": {"message": "hi"}}),
    ]
    app = ListApp(node("List", items=items))
    async with app.run_test(size=(60, 20)) as pilot:
        await _focused_list(pilot)
        assert _enter_label(app) == "complete task"
        await pilot.press("down")
        assert _enter_label(app) == "Expand"
        await pilot.press("enter")
        assert _enter_label(app) == "Collapse"
        await pilot.press("down")
        assert _enter_label(app) == "Send"
