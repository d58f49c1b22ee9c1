"""Form and DataTable in panels: a form's typed values become its action's params (and a real
call reaches the kernel's ledger with them), a table shows its rows, sorts them and mounts
10,000 rows; a node with garbage props is its own error box."""

from __future__ import annotations

import json
import sqlite3

from textual.widgets import Button, Checkbox, Input, RadioSet, Select, Static, TextArea

from imperal_tui.renderer.editors import RichEditorField
from imperal_tui.renderer.fallback import NodeError, Unsupported
from imperal_tui.renderer.fields import FieldInput, FieldToggle
from imperal_tui.renderer.form import UiForm
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.table import UiDataTable
from kernel.config import KernelConfig

from .conftest import SIZE
from .tree_host import TreeApp, node

SIGNUP = node(
    "Form",
    action="create_account",
    submit_label="Create",
    defaults={"plan": "free", "team": "core"},
    children=[
        node("Input", param_name="name", placeholder="Name", label="Name", required=True),
        node("Input", param_name="secret", type="password", value=""),
        node("Stack", children=[node("TextArea", param_name="bio", value="hi")]),
        node(
            "Select",
            param_name="color",
            options=[{"value": "r", "label": "Red"}, {"value": "g", "label": "Green"}],
            value="g",
        ),
        node("Toggle", param_name="news", label="Newsletter"),
        node("Checkbox", param_name="terms", label="I agree"),
        node("Input", param_name="team", value="ignored: defaults win"),
        node("MultiSelect", param_name="tags", options=[{"value": "a", "label": "A"}]),
        node("RichEditor", param_name="html", content="<p>x</p>"),
    ],
)


async def test_form_submits_its_values_over_defaults_as_the_call_params():
    app = TreeApp(SIGNUP)
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.pause()
        assert not app.query(NodeError)
        form = app.query_one(UiForm)
        name, secret = list(app.query(FieldInput))[:2]
        assert secret.password  # Password is masked
        team = list(app.query(FieldInput))[2]
        assert team.value == "core"  # the default shows in the control it will come from
        editor = app.query_one(RichEditorField)  # a RichEditor is edited in place
        assert editor.text == "<p>x</p>" and not editor.read_only

        await pilot.click(form.submit_button)  # required name is empty: nothing is sent
        await pilot.pause()
        assert app.fired == []
        assert "Required: Name" in str(form.error_line.render())

        name.focus()
        await pilot.press(*"Ada")
        await pilot.press("enter")  # Enter inside a form submits nothing
        secret.focus()
        await pilot.press(*"s3cret")
        app.query_one(FieldToggle).switch.value = True
        app.query_one(Checkbox).value = True
        app.query_one(Select).value = "r"
        await pilot.pause()
        assert app.fired == []

        await pilot.click(form.submit_button)
        await pilot.pause()
        assert app.fired == [
            {
                "action": "call",
                "function": "create_account",
                "params": {
                    "plan": "free",
                    "team": "core",
                    "name": "Ada",
                    "secret": "s3cret",
                    "bio": "hi",
                    "color": "r",
                    "news": True,
                    "terms": True,
                    "tags": [],
                    "html": "<p>x</p>",
                },
            }
        ]
        form.focus()
        await pilot.press("ctrl+s")  # the keyboard way: the same call again
        await pilot.pause()
        assert len(app.fired) == 2 and app.fired[1] == app.fired[0]


async def test_a_form_with_a_ui_call_action_merges_values_over_its_params():
    call = {"action": "call", "function": "rename", "params": {"id": "n1", "name": "{{value}}"}}
    app = TreeApp(node("Form", action=call, children=[node("Input", param_name="name")]))
    async with app.run_test() as pilot:
        app.query_one(Input).focus()
        await pilot.press(*"New")
        await pilot.click(app.query_one(UiForm).submit_button)
        await pilot.pause()
        assert app.fired[0]["params"] == {"id": "n1", "name": "New"}


async def test_choice_and_typed_fields_send_typed_values_and_refuse_bad_ones():
    options = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]
    tree = node(
        "Form",
        action="plan_trip",
        children=[
            node("RadioGroup", param_name="mode", options=options, value="a"),
            node("MultiSelect", param_name="with", options=options, values=["b"]),
            node("Slider", param_name="days", min=1, max=10, value=3, step=1),
            node("DatePicker", param_name="on", min="2026-01-01"),
            node("TagInput", param_name="tags", values=["x"]),
        ],
    )
    app = TreeApp(tree)
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.pause()
        assert not app.query(NodeError)
        form = app.query_one(UiForm)
        form.submit_form()
        await pilot.pause()
        params = {"mode": "a", "with": ["b"], "days": 3, "on": "", "tags": ["x"]}
        assert app.fired[-1]["params"] == params

        slider, date, tags = list(app.query(FieldInput))
        slider.value, date.value, tags.value = "42", "2025-12-31", "x, y ,, z"
        form.submit_form()  # the date is before min: refused, said
        await pilot.pause()
        assert len(app.fired) == 1
        assert "between 2026-01-01" in str(form.error_line.render())

        date.value = "2026-03-01"
        radios = app.query_one(RadioSet)
        radios.focus()
        await pilot.press("down", "enter")  # Beta
        form.submit_form()
        await pilot.pause()
        assert app.fired[-1]["params"] == {
            **params,
            "mode": "b",
            "days": 10,  # clamped to max
            "on": "2026-03-01",
            "tags": ["x", "y", "z"],
        }


async def test_a_default_that_is_no_option_of_its_select_is_still_sent():
    options = [{"value": "r", "label": "Red"}]
    tree = node(
        "Form",
        action="paint",
        defaults={"color": "teal"},
        children=[node("Select", param_name="color", options=options)],
    )
    app = TreeApp(tree)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one(UiForm).submit_form()
        app.query_one(Select).value = "r"
        await pilot.pause()
        app.query_one(UiForm).submit_form()
        await pilot.pause()
        assert [fired["params"] for fired in app.fired] == [{"color": "teal"}, {"color": "r"}]


async def test_a_submit_button_and_ctrl_s_in_a_text_area_submit_the_form():
    saved = {"action": "call", "function": "log_click"}
    tree = node(
        "Form",
        action="save_note",
        children=[
            node("TextArea", param_name="body"),
            node("Button", label="Save", type="submit", on_click=saved),
        ],
    )
    app = TreeApp(tree)
    async with app.run_test() as pilot:
        await pilot.pause()
        area = app.query_one(TextArea)
        area.focus()
        await pilot.press(*"line", "enter", *"two", "ctrl+s")
        await pilot.pause()
        expected = {"action": "call", "function": "save_note", "params": {"body": "line\ntwo"}}
        assert app.fired == [expected]
        await pilot.click(app.query_one(ActionButton))
        await pilot.pause()
        assert len(app.fired) == 3 and saved in app.fired and app.fired.count(expected) == 2


async def test_a_form_without_an_action_has_a_disabled_button_and_inputs_fire_alone():
    tree = node(
        "Stack",
        children=[
            node("Form", children=[node("Input")]),
            node(
                "Input",
                param_name="q",
                on_submit={"action": "call", "function": "search", "params": {"q": "x", "n": 1}},
            ),
        ],
    )
    app = TreeApp(tree)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.query_one(UiForm).submit_button.disabled
        outside = list(app.query(FieldInput))[1]
        outside.focus()
        await pilot.press(*" rust ", "enter")
        await pilot.pause()
        assert app.fired == [
            {"action": "call", "function": "search", "params": {"q": "rust", "n": 1}}
        ]
        assert outside.value == ""


ROWS = [
    {"id": 1, "name": "pear", "qty": 10},
    {"id": 2, "name": "Apple", "qty": 9},
    {"id": 3, "name": "fig", "qty": 100},
]
TABLE = node(
    "DataTable",
    columns=[
        {"key": "name", "label": "Name", "sortable": True},
        {"key": "qty", "label": "Qty", "sortable": True},
        {"key": "id", "label": "Id", "sortable": False},
    ],
    rows=ROWS,
    on_row_click={"action": "call", "function": "open_row", "params": {"from": "table"}},
)


def strip_text(table: UiDataTable, y: int) -> str:
    return table.render_line(y).text


async def test_data_table_shows_rows_sorts_and_fires_row_clicks():
    app = TreeApp(TABLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(UiDataTable)
        assert "NAME" in strip_text(table, 0) and "QTY" in strip_text(table, 0)
        assert "pear" in strip_text(table, 1) and "fig" in strip_text(table, 3)

        table.focus()
        await pilot.press("2")  # sort by Qty: numeric, ascending
        assert [r["qty"] for r in table.visible_rows()] == [9, 10, 100]
        assert "↑" in strip_text(table, 0)
        await pilot.press("2")
        assert [r["qty"] for r in table.visible_rows()] == [100, 10, 9]
        await pilot.press("2")  # back to the node's order
        assert table.visible_rows() == ROWS
        await pilot.press("3")  # Id is not sortable
        assert table.visible_rows() == ROWS

        await pilot.click(table, offset=(2, 1))  # the header's Name column (inside the border)
        await pilot.pause()
        assert [r["name"] for r in table.visible_rows()] == ["Apple", "fig", "pear"]

        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.fired[-1] == {
            "action": "call",
            "function": "open_row",
            "params": {"from": "table", "row": {"id": 3, "name": "fig", "qty": 100}},
        }


async def test_editable_cells_fire_on_cell_edit():
    edit = {"action": "call", "function": "edit_cell", "params": {"sheet": "s1"}}
    tree = node(
        "DataTable",
        columns=[
            {"key": "name", "label": "Name", "editable": True, "edit_type": "text"},
            {"key": "done", "label": "Done", "editable": True, "edit_type": "toggle"},
            {"key": "id", "label": "Id"},
        ],
        rows=[{"id": "r1", "name": "pear", "done": False}],
        on_cell_edit=edit,
    )
    app = TreeApp(tree)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one(UiDataTable).focus()
        await pilot.press("e")  # Name: a text cell asks for its text
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "pear"
        box.value = "plum"
        await pilot.press("enter")
        await pilot.press("e", "escape")  # cancelled: nothing fires
        await pilot.press("right", "e")  # Done: a toggle flips at once
        await pilot.press("right", "e")  # Id is not editable
        await pilot.pause()
        params = [fired["params"] for fired in app.fired]
        assert params == [
            {"sheet": "s1", "row_id": "r1", "column_key": "name", "value": "plum"},
            {"sheet": "s1", "row_id": "r1", "column_key": "done", "value": True},
        ]


async def test_a_ten_thousand_row_table_mounts_and_scrolls_to_its_end():
    rows = [{"n": i, "label": f"row {i}"} for i in range(10_000)]
    app = TreeApp(node("DataTable", columns=[{"key": "n", "label": "N"}], rows=rows))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(UiDataTable)
        assert table.virtual_size.height == 10_001
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert "9999" in "".join(strip_text(table, y) for y in range(1, table.size.height))


async def test_garbage_props_are_their_own_error_box_and_unknown_types_a_placeholder():
    tree = node(
        "Stack",
        children=[
            node("DataTable", columns="nope", rows=5),
            node("Form", children=[], defaults=["not", "a", "dict"]),
            node("Select", options=7),
            node("Hologram"),
            node("Text", content="still here"),
        ],
    )
    app = TreeApp(tree)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert {e.kind for e in app.query(NodeError)} == {"DataTable", "Form", "Select"}
        assert [u.kind for u in app.query(Unsupported)] == ["Hologram"]
        assert any("still here" in str(s.render()) for s in app.query(Static))


# A user extension whose panel is a Form calling a write function.
SIGNUP_EXT = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("signup", version="1.0.0", display_name="Signup")
chat = ChatExtension(ext, "signup", "Sign-ups, for tests")


class Person(BaseModel):
    name: str
    plan: str = "free"
    news: bool = False


@chat.function("add_person", action_type="write", description="Adds a person.")
async def add_person(ctx, params: Person) -> ActionResult:
    await ctx.store.create("people", params.model_dump())
    return ActionResult.success(data=params.model_dump(), summary=f"added {params.name}")


@ext.panel("signup", slot="left", title="Signup")
async def signup_panel(ctx, **kwargs):
    return ui.Form(
        [ui.Input(param_name="name", placeholder="Name"), ui.Toggle(label="News", param_name="news")],
        action="add_person",
        submit_label="Add",
        defaults={"plan": "pro"},
    )
"""


def ledger_rows(home, function: str) -> list[tuple[str, str]]:
    db = sqlite3.connect(KernelConfig.load(home=home).db_path)
    try:
        query = "SELECT args_json, status FROM ledger WHERE function = ?"
        return db.execute(query, (function,)).fetchall()
    finally:
        db.close()


async def test_a_panel_form_submit_reaches_the_kernel_with_the_typed_args(
    make_app, home, settle, wait_until
):
    folder = home / "extensions" / "signup"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SIGNUP_EXT)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.query(UiForm), "the signup panel's form")
        await settle(pilot)
        form = app.query_one(UiForm)
        name = form.query_one(FieldInput)
        name.focus()
        await pilot.press(*"Grace")
        assert name.value == "Grace"
        form.query_one(FieldToggle).switch.value = True
        form.query_one(Button).press()
        await wait_until(pilot, lambda: ledger_rows(home, "add_person"), "the call", timeout=30)
        await settle(pilot)

        rows = ledger_rows(home, "add_person")
        assert len(rows) == 1
        assert json.loads(rows[0][0]) == {"name": "Grace", "plan": "pro", "news": True}
        assert rows[0][1] == "ok"


WIPE_EXT = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("wiper", version="1.0.0", display_name="Wiper")
chat = ChatExtension(ext, "wiper", "Wipes things, for tests")


class Wipe(BaseModel):
    scope: str


@chat.function("wipe_all", action_type="destructive", description="Wipes everything.")
async def wipe_all(ctx, params: Wipe) -> ActionResult:
    return ActionResult.success(data={"scope": params.scope}, summary="wiped")


@ext.panel("wiper", slot="left", title="Wiper")
async def wiper_panel(ctx, **kwargs):
    return ui.Form([ui.Input(param_name="scope")], action="wipe_all", submit_label="Wipe")
"""


async def test_a_destructive_form_call_asks_with_the_kernels_card_first(
    make_app, home, settle, wait_until
):
    from imperal_tui.widgets.cards import ConfirmationCard

    folder = home / "extensions" / "wiper"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(WIPE_EXT)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.query(UiForm), "the wiper panel's form")
        await settle(pilot)
        form = app.query_one(UiForm)
        form.query_one(FieldInput).focus()
        await pilot.press(*"cache")
        form.query_one(Button).press()
        await wait_until(pilot, lambda: app.query(ConfirmationCard), "the card", timeout=30)
        card = app.query_one(ConfirmationCard).card
        assert card.function == "wipe_all"
        assert json.loads(card.args_json) == {"scope": "cache"}
        assert ledger_rows(home, "wipe_all") == [('{"scope":"cache"}', "awaiting_confirmation")]


TABLE_EXT = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui

ext = Extension("sheet", version="1.0.0", display_name="Sheet")
chat = ChatExtension(ext, "sheet", "A table panel, for tests")


@ext.panel("sheet", slot="left", title="Sheet")
async def sheet_panel(ctx, **kwargs):
    rows = [{"n": i} for i in range(10_000)]
    return ui.Stack([
        ui.Button("Top", on_click=ui.Send("hello")),
        ui.DataTable([ui.DataColumn("n", "N")], rows),
    ])
"""


async def test_a_ten_thousand_row_panel_table_takes_arrows_until_its_first_row(
    make_app, home, settle, wait_until
):
    folder = home / "extensions" / "sheet"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(TABLE_EXT)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.query(UiDataTable), "the sheet panel's table")
        await settle(pilot)
        table = app.query_one(UiDataTable)
        assert len(table.rows) == 10_000
        column = app.panels  # notes, tasks and sheet share the left slot: one tab each
        column.show_stack(next(s for s in column.stacks() if s.app_id == "sheet"))
        await pilot.pause()
        top = next(b for b in app.query(ActionButton) if str(b.label) == "Top")
        top.focus()
        await pilot.press("down")
        assert app.focused is table
        await pilot.press("down", "down", "up")
        assert table.cursor_row == 1
        await pilot.press("up", "up")  # past the first row: the column moves focus back up
        assert table.cursor_row == 0 and app.focused is top
