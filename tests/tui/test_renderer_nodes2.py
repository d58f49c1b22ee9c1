"""The node families that had no widget of their own: tabs and accordions switch with keys and
build their bodies lazily; overlays are screens whose buttons and Esc fire the right actions;
charts, images and HTML are drawn as text; RichEditor and FileUpload are real inputs; Stage and
MorphingState keys fire; bad props are each node's own error box."""

from __future__ import annotations

import base64
import json

from textual.containers import VerticalScroll
from textual.widgets import Input, Tabs

from imperal_tui.renderer import RenderContext, render_tree
from imperal_tui.renderer.accordion import UiFold
from imperal_tui.renderer.chart import UiChart, chart_lines, sparkline
from imperal_tui.renderer.editors import RichEditorField, UiFileUpload
from imperal_tui.renderer.fallback import NodeError, Unsupported
from imperal_tui.renderer.form import UiForm
from imperal_tui.renderer.graphs import NodeMap
from imperal_tui.renderer.html_text import html_to_text
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.media import UiImage, half_blocks
from imperal_tui.renderer.menus import MenuButton, MenuItemButton
from imperal_tui.renderer.overlays import OverlayAnchor, OverlayScreen, SheetScreen
from imperal_tui.renderer.records import UiTree
from imperal_tui.renderer.stage import UiMorphingState, UiStage
from imperal_tui.renderer.tabs import UiTabPane, UiTabs
from sdk import ui

from .tree_host import TreeApp, node

SAVE = ui.Call("save_doc", doc="d1").to_dict()
CLOSE = ui.Call("closed").to_dict()
OK = ui.Call("go").to_dict()


def texts(root) -> str:
    return "\n".join(str(w.render()) for w in root.query("Static"))


# --- tabs and accordions ---------------------------------------------------------------------
TABS = ui.Tabs(
    [
        {"label": "One", "content": ui.Text("first body")},
        {"id": "second", "label": "Two", "children": [ui.Text("second body")]},
        {"label": "Three", "content": ui.Text("third body")},
    ],
    default_tab="second",
).to_dict()


async def test_tabs_open_the_default_by_id_build_lazily_and_switch_with_keys():
    app = TreeApp(TABS)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        tabs = app.query_one(UiTabs)
        assert tabs.active_index == 1 and list(tabs.panes) == [1]  # only the shown tab is built
        assert "second body" in texts(app) and "first body" not in texts(app)
        app.query_one(Tabs).focus()
        await pilot.press("right")
        await pilot.pause()
        assert tabs.active_index == 2 and sorted(tabs.panes) == [1, 2]
        assert [p.display for p in app.query(UiTabPane)] == [False, True]
        await pilot.press("1")
        await pilot.pause()
        assert tabs.active_index == 0 and "first body" in texts(app)
        assert app.fired == []  # switching tabs is local


async def test_bad_tabs_and_bad_tab_content_are_error_boxes():
    app = TreeApp(
        ui.Stack(
            [node("Tabs", tabs="nope"), node("Tabs", tabs=[{"label": "x", "content": 5}])]
        ).to_dict()
    )
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        errors = [str(e.render()) for e in app.query(NodeError)]
        assert len(errors) == 2 and "tabs must be a list" in errors[0]
        assert "children must be a list of nodes" in errors[1]


async def test_accordion_starts_collapsed_and_opens_one_section_at_a_time():
    sections = [
        {"id": "a", "title": "Alpha", "children": [ui.Text("alpha body")]},
        {"id": "b", "title": "Beta", "children": [ui.Text("beta body")]},
    ]
    app = TreeApp(ui.Accordion(sections).to_dict())
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        alpha, beta = app.query(UiFold)
        assert alpha.collapsed and beta.collapsed and not alpha.built
        await pilot.press("tab", "enter")  # the first title, opened
        await pilot.pause()
        assert not alpha.collapsed and alpha.built and "alpha body" in texts(app)
        await pilot.press("tab", "enter")  # the second opens, the first closes
        await pilot.pause()
        assert alpha.collapsed and not beta.collapsed and "beta body" in texts(app)


async def test_an_accordion_with_allow_multiple_keeps_sections_open():
    sections = [{"title": t, "children": [ui.Text(t)]} for t in ("A", "B")]
    app = TreeApp(ui.Accordion(sections, allow_multiple=True).to_dict())
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "enter", "tab", "enter")
        await pilot.pause()
        assert not any(f.collapsed for f in app.query(UiFold))
        bad = TreeApp(node("Accordion", sections=[1, 2]))
        async with bad.run_test(size=(40, 6)) as bad_pilot:
            await bad_pilot.pause()
            assert "every section must be an object" in str(bad.query_one(NodeError).render())


# --- overlays --------------------------------------------------------------------------------
async def test_a_modal_is_a_screen_that_esc_closes_with_on_close():
    tree = ui.Modal("Rename", ui.Input(param_name="name"), on_confirm=OK, on_close=CLOSE)
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverlayScreen) and app.focused is screen.query_one(Input)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OverlayScreen) and app.fired == [CLOSE]


async def test_a_closed_modal_stays_closed_when_its_panel_renders_again():
    tree = ui.Modal("Rename", ui.Text("body"), on_close=CLOSE).to_dict()
    app = TreeApp(tree)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        again = render_tree(tree, RenderContext("demo"))  # a live refresh: the same node
        await app.query_one(VerticalScroll).mount(again)
        await pilot.pause()
        assert not isinstance(app.screen, OverlayScreen)
        changed = render_tree(ui.Modal("Rename now").to_dict(), RenderContext("demo"))
        await app.query_one(VerticalScroll).mount(changed)  # a different node: a new overlay
        await pilot.pause()
        assert isinstance(app.screen, OverlayScreen) and app.screen.box_title == "Rename now"
        await pilot.press("escape")
        await pilot.pause()
        again.focus()
        await pilot.press("enter")  # asked for explicitly: it opens
        await pilot.pause()
        assert isinstance(app.screen, OverlayScreen) and app.screen.box_title == "Rename"


async def test_a_modal_that_is_not_dismissible_ignores_esc_and_one_not_open_waits():
    tree = ui.Stack(
        [
            ui.Modal("Must choose", on_confirm=OK, dismissible=False),
            ui.Modal("Later", open=False),
            ui.Modal("Must choose", on_confirm=OK, dismissible=False),  # the same: not stacked
        ]
    )
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert sum(isinstance(s, OverlayScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverlayScreen) and app.fired == []
        confirm = [b for b in app.screen.query(ActionButton) if str(b.label) == "Confirm"][0]
        confirm.press()
        await pilot.pause()
        assert app.fired == [OK] and not isinstance(app.screen, OverlayScreen)


async def test_modal_with_a_bad_action_is_an_error_box():
    app = TreeApp(node("Dialog", title="x", on_confirm="delete everything"))
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        assert "on_confirm must be an action" in str(app.query_one(NodeError).render())
        assert not isinstance(app.screen, OverlayScreen)


async def test_a_slide_over_is_a_sheet_on_the_right_and_fires_on_close():
    tree = ui.SlideOver("Details", [ui.Text("sheet body")], subtitle="id 7", on_close=CLOSE)
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        sheet = app.screen
        assert isinstance(sheet, SheetScreen) and "sheet body" in texts(sheet)
        box = sheet.query_one("#overlay-box")
        assert box.region.right == 100 and box.region.height == 24
        await pilot.press("escape")
        await pilot.pause()
        assert app.fired == [CLOSE]
        app.query_one(OverlayAnchor).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        app.screen.query_one(ActionButton).press()  # ✕ Close
        await pilot.pause()
        assert app.fired == [CLOSE, CLOSE]


async def test_toasts_are_notifications_with_severity_and_their_action_stays_in_place():
    tree = ui.Stack(
        [
            ui.Toast("Saved", "success", duration=0),
            ui.Toast("Disk full", "error", title="Sync"),
            ui.Toast("Note deleted", "warning", action=OK, action_label="Undo"),
        ]
    )
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        shown = [(n.message, n.title, n.severity) for n in app._notifications]
        assert shown == [
            ("Saved", "", "information"),
            ("Disk full", "Sync", "error"),
            ("Note deleted", "", "warning"),
        ]
        assert list(app._notifications)[0].timeout > 3600  # duration 0: it stays
        undo = app.query_one(ActionButton)
        undo.press()
        await pilot.pause()
        assert app.fired == [OK]
        # the panel renders again (a live refresh): the same toasts are not said twice
        await app.query_one(VerticalScroll).mount(
            render_tree(tree.to_dict(), RenderContext("demo"))
        )
        await pilot.pause()
        assert len(app._notifications) == 3


# --- charts ----------------------------------------------------------------------------------
ROWS = [
    {"name": "mon", "a": 2, "b": 4},
    {"name": "tue", "a": "n/a", "b": 1},
    {"name": "wed", "a": 8, "b": 0},
]


def plain(props: dict, width: int = 40) -> list[str]:
    return [line.plain for line in chart_lines(props, width)]


def test_bar_charts_scale_to_the_largest_value_and_note_what_is_left_out():
    lines = plain({"chart_type": "bar", "data": ROWS, "title": "Week"}, 40)
    assert lines[0] == "Week"
    assert lines[1].startswith("mon a ") and lines[1].endswith(" 2")
    assert lines[5].startswith("wed a " + "█" * 10) and lines[5].endswith(" 8")
    assert lines[3].startswith("tue a ·")  # the missing value: a dot, no bar
    assert lines[-1] == "1 value(s) are not numbers: left out"
    assert all(len(line) <= 40 for line in lines)


def test_lines_are_sparklines_and_pies_are_shares():
    lines = plain({"chart_type": "line", "data": ROWS}, 50)
    assert lines[0].startswith("a ") and lines[0].endswith("min 2 max 8 last 8")
    assert "▁█" in lines[0] and lines[2].strip() == "mon … wed"
    pie = plain({"chart_type": "pie", "data": ROWS, "series": [{"key": "b"}]}, 30)
    assert pie[0].endswith(" 80%") and pie[1].endswith(" 20%") and len(pie) == 2
    assert sparkline([1, 2, 3, 4], 2) == "▁█" and sparkline([5, 5], 4) == "▅▅"


def test_a_long_bar_chart_draws_its_first_points_and_counts_the_rest():
    data = [{"name": f"p{i}", "v": i} for i in range(75)]
    lines = plain({"chart_type": "bar", "data": data}, 40)
    assert len(lines) == 61 and lines[-1] == "… 15 more point(s) not drawn"


def test_empty_and_non_numeric_charts_say_so():
    assert plain({"data": []}) == ["No data"]
    assert plain({"data": [{"name": "x", "v": "high"}]})[:1] == ["No numbers to chart"]


async def test_a_chart_panel_fits_its_width_and_bad_data_is_an_error_box():
    tree = ui.Stack([ui.Chart(ROWS, "bar", title="Week"), node("Chart", data="lots")])
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        chart = app.query_one(UiChart)
        lines = str(chart.render()).split("\n")
        assert chart.size.height == len(lines) == 8
        assert all(len(line) <= chart.size.width for line in lines)
        assert "data must be a list of rows" in str(app.query_one(NodeError).render())


# --- media -----------------------------------------------------------------------------------
def test_half_blocks_put_two_pixel_rows_in_one_line():
    red, blue = (255, 0, 0), (0, 0, 255)
    lines = half_blocks([[red, blue], [blue, red]])
    assert len(lines) == 1 and lines[0].plain == "▀▀"
    styles = [str(span.style) for span in lines[0].spans]
    assert styles == ["rgb(255,0,0) on rgb(0,0,255)", "rgb(0,0,255) on rgb(255,0,0)"]


class FakePicture:
    """What `decode_pixels` asks of a Pillow image, for machines without Pillow."""

    size = (4, 4)

    def convert(self, mode):
        return self

    def resize(self, size):
        self.size = size
        return self

    def getdata(self):
        width, height = self.size
        return [
            (255, 0, 0) if y % 2 == 0 else (0, 0, 255) for y in range(height) for _ in range(width)
        ]


async def test_image_bytes_are_drawn_in_half_blocks_when_pillow_can_read_them(monkeypatch):
    import sys
    import types

    fake = types.ModuleType("PIL")
    fake.Image = types.SimpleNamespace(open=lambda stream: FakePicture())
    monkeypatch.setitem(sys.modules, "PIL", fake)
    png = "data:image/png;base64," + base64.b64encode(b"pixels").decode()
    app = TreeApp(ui.Image(png, alt="logo", caption="Acme").to_dict())
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        drawn = str(app.query_one(UiImage).render()).split("\n")
        assert drawn == ["▀▀▀▀", "▀▀▀▀", "Acme"]  # 4x4 pixels: two lines, then the caption


def test_html_becomes_text_with_paragraphs_lists_and_links_and_no_scripts():
    source = (
        "<h2>Hi &amp; welcome</h2><p>Read <a href='https://x.test/a'>the docs</a>.<br>Then"
        "</p><script>steal()</script><style>p{}</style><ol><li>one</li><li>two<ul>"
        "<li>inner</li></ul></li></ol><p onclick='x()'>bye</p>"
    )
    assert html_to_text(source) == (
        "Hi & welcome\n\nRead the docs (https://x.test/a).\nThen\n\n1. one\n2. two\n  • inner"
        "\n\nbye"
    )
    assert html_to_text("<a href='javascript:alert(1)'>x</a>") == "x"


async def test_images_show_alt_caption_and_address_and_fire_on_click():
    png = "data:image/png;base64," + base64.b64encode(b"\x89PNG not really").decode()
    tree = ui.Stack(
        [
            ui.Image("https://x.test/cat.png", alt="a cat", caption="Tom", on_click=OK),
            ui.Image(png, alt="inline"),
            node("Image", alt="nothing"),
            ui.Html("<p>para one</p><ul><li>item</li></ul>"),
            node("Html", content=["not", "html"]),
        ]
    )
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        cat, inline, nothing = app.query(UiImage)
        assert str(cat.render()) == "▣ a cat\nTom\nhttps://x.test/cat.png"
        assert str(inline.render()).startswith("▣ inline\n(embedded, ")  # undecodable: alt text
        assert str(nothing.render()) == "▣ nothing (image unavailable)"
        assert cat.can_focus and not nothing.can_focus
        cat.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.fired == [OK]
        assert "para one\n\n• item" in texts(app)
        assert "content must be HTML text" in str(app.query_one(NodeError).render())


# --- inputs ----------------------------------------------------------------------------------
async def test_rich_editor_saves_with_ctrl_s_fires_changes_and_is_a_form_value():
    editor = ui.RichEditor("<p>hi</p>", param_name="body", on_save=SAVE, on_change=OK)
    form = ui.Form([ui.RichEditor("draft", param_name="note")], action="keep")
    app = TreeApp(ui.Stack([editor, form]).to_dict())
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        first, second = app.query(RichEditorField)
        first.change_delay = 0
        first.focus()
        await pilot.press("end", "!")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.fired == [
            {**OK, "params": {"body": "<p>hi</p>!"}},
            {**SAVE, "params": {"doc": "d1", "body": "<p>hi</p>!"}},
        ]
        second.focus()
        await pilot.press("end", "s")
        app.query_one(UiForm).submit_form()
        await pilot.pause()
        assert app.fired[-1] == {"action": "call", "function": "keep", "params": {"note": "drafts"}}


async def test_file_upload_checks_the_path_and_its_limits_before_sending(tmp_path):
    small = tmp_path / "notes.txt"
    small.write_text("hello")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    bad = tmp_path / "run.exe"
    bad.write_bytes(b"MZ")
    upload = ui.FileUpload(
        on_upload=SAVE, max_size_mb=0.001, blocked_extensions=[".exe"], param_name="files"
    )
    app = TreeApp(upload.to_dict())
    async with app.run_test(size=(70, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(UiFileUpload)
        prompt = widget.query_one(Input)
        for typed, problem in (
            (str(tmp_path / "missing.txt"), "no such file"),
            (str(tmp_path), "not a file"),
            (str(big), "larger than 0.001 MB"),
            (str(bad), ".exe files are not allowed"),
            (f"{small},{small}", "no such file"),  # one file only: a comma is part of a name
        ):
            prompt.value = typed
            prompt.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert problem in str(widget.note.render()), typed
            assert app.fired == [] and widget.value == []
        prompt.value = str(small)
        await pilot.press("enter")
        await pilot.pause()
        assert widget.value == [str(small)]
        entry = {
            "client_id": "local-0",
            "name": "notes.txt",
            "path": str(small),
            "size": 5,
            "mime_type": "text/plain",
            "data_base64": base64.b64encode(b"hello").decode(),
        }
        assert app.fired == [{**SAVE, "params": {"doc": "d1", "files": [entry]}}]


# --- stage, intent states, records, menus ----------------------------------------------------
async def test_stage_hotkeys_fire_while_focus_is_inside():
    stage = ui.Stage(
        "sync", "Sync", [ui.Text("syncing")], hotkeys={"r": "retry", "x": OK}, telemetry={"ms": 12}
    )
    app = TreeApp(stage.to_dict())
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        frame = app.query_one(UiStage)
        assert frame.border_subtitle == "active · r retry · x go · ms=12"
        await pilot.press("r")  # not focused yet: nothing
        frame.focus()
        await pilot.press("r", "x")
        await pilot.pause()
        assert app.fired == [{"action": "call", "function": "retry", "params": {}}, OK]


async def test_morphing_state_digits_fire_and_destructive_ones_ask_first():
    state = ui.MorphingState(
        "inbox",
        "3 unread",
        urgency="critical",
        affordances=[
            ui.Affordance("open_inbox", "Open", payload={"folder": "in"}),
            ui.Affordance("purge", "Purge", risk="destructive", shortcut="p"),
        ],
    )
    app = TreeApp(state.to_dict())
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        frame = app.query_one(UiMorphingState)
        assert frame.has_class("-critical")
        labels = [str(b.label) for b in frame.query(ActionButton)]
        assert labels == ["[1] Open (1)", "[2] Purge (p) ⚠"]
        frame.focus()
        await pilot.press("1")
        await pilot.pause()
        assert app.fired == [
            {"action": "call", "function": "open_inbox", "params": {"folder": "in"}}
        ]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, OverlayScreen) and len(app.fired) == 1  # asks first
        confirm = [b for b in app.screen.query(ActionButton) if str(b.label) == "Confirm"][0]
        confirm.press()
        await pilot.pause()
        assert app.fired[-1] == {"action": "call", "function": "purge", "params": {}}


async def test_tree_timeline_stat_and_avatar():
    tree = ui.Stack(
        [
            ui.Tree(
                [
                    {
                        "id": "1",
                        "label": "docs",
                        "children": [{"id": "2", "label": "a.md", "on_click": OK}],
                    }
                ]
            ),
            ui.Timeline([{"title": "Created", "time": "09:00", "description": "by ann"}]),
            ui.Stat("Users", 10, "+5%", trend_direction="up", description="this week"),
            ui.Avatar("Ada Lovelace"),
        ]
    )
    app = TreeApp(tree.to_dict())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(UiTree)
        assert widget.root.children[0].is_expanded  # the top level starts open
        widget.focus()
        await pilot.press("down", "down", "enter")  # past the branch to its leaf
        await pilot.pause()
        assert app.fired == [OK]
        shown = texts(app)
        for expected in ("● Created  09:00", "\n  by ann", "USERS\n10  ↗ +5%\nthis week", " AL "):
            assert expected in shown, expected


async def test_menu_opens_its_items_and_fires_the_chosen_one():
    menu = ui.Menu(
        [
            {"label": "Rename", "on_click": OK},
            {"separator": True},
            {"label": "Off", "disabled": True},
        ]
    )
    app = TreeApp(menu.to_dict())
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        app.query_one(MenuButton).press()
        await pilot.pause()
        items = list(app.screen.query(MenuItemButton))
        assert [str(i.label) for i in items] == ["Rename", "Off"] and items[1].disabled
        items[0].press()
        await pilot.pause()
        assert app.fired == [OK] and not isinstance(app.screen, OverlayScreen)


async def test_graph_and_canvas_are_node_trees_whose_nodes_fire_their_click():
    graph = ui.Graph(
        [
            {"id": "a", "label": "Ann", "type": "person"},
            {"id": "b", "label": "Acme", "type": "org"},
        ],
        [{"source": "a", "target": "b", "label": "works at"}],
        on_node_click=ui.Call("open_entity", view="full"),
    )
    canvas = ui.Canvas(
        [ui.CanvasNode("api", "API", status="error", on_click=OK), ui.CanvasNode("db", "DB")],
        [ui.CanvasEdge("api", "db", protocol="sql", latency_ms=4)],
    )
    app = TreeApp(ui.Stack([graph, canvas, ui.AgentPresence("thinking", "Reading", 0.5)]).to_dict())
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        first, second = app.query(NodeMap)
        assert first.border_title == "2 nodes · 1 edges"
        assert second.border_title == "2 nodes · 1 connections"
        lines = [str(n.label) for n in first.root.children[0].children]
        assert (
            lines == ["● Ann"]
            and str(first.root.children[0].children[0].children[0].label) == "→ Acme (works at)"
        )
        first.focus()
        await pilot.press("down", "down", "enter")  # person (1) > Ann
        second.focus()
        await pilot.press("down", "enter")  # API
        await pilot.pause()
        assert app.fired == [
            {
                "action": "call",
                "function": "open_entity",
                "params": {"view": "full", "node_id": "a"},
            },
            OK,
        ]
        assert "◆ Agent: thinking · Reading · 50%" in texts(app)


async def test_unknown_types_keep_a_visible_placeholder():
    app = TreeApp(node("Hologram", depth=3))
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert str(app.query_one(Unsupported).render()) == "[unsupported: Hologram]"


# --- in the shell ----------------------------------------------------------------------------
GREETER_EXT = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("greeter", version="1.0.0", display_name="Greeter")
chat = ChatExtension(ext, "greeter", "Greets, for tests")


class Greet(BaseModel):
    name: str


@chat.function("greet", action_type="read", description="Greets someone.")
async def greet(ctx, params: Greet) -> ActionResult:
    return ActionResult.success(data={"name": params.name}, summary=f"hello {params.name}")


@ext.panel("greeter", slot="left", title="Greeter")
async def greeter_panel(ctx, **kwargs):
    return ui.Stack([
        ui.Text("under the modal"),
        ui.Modal("Greet Ada?", ui.Text("say hello"), "Greet", on_confirm=ui.Call("greet", name="Ada")),
    ])
"""


async def test_a_panel_modal_opens_over_the_shell_and_its_confirm_reaches_the_kernel(
    make_app, home, settle, wait_until
):
    from tests.tui.test_renderer_form_table import ledger_rows

    folder = home / "extensions" / "greeter"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(GREETER_EXT)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, OverlayScreen), "the modal")
        confirm = [b for b in app.screen.query(ActionButton) if str(b.label) == "Greet"][0]
        confirm.press()
        await wait_until(pilot, lambda: ledger_rows(home, "greet"), "the call", timeout=30)
        await settle(pilot)
        assert not isinstance(app.screen, OverlayScreen)
        rows = ledger_rows(home, "greet")
        assert len(rows) == 1 and json.loads(rows[0][0]) == {"name": "Ada"}
