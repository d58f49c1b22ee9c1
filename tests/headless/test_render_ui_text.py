"""ui trees as plain text: every node type has a text form that fits the width, never crashes,
and the 6.x nodes read as what they are (a framed stage, an intent state with its shortcuts,
a canvas as nodes and connections)."""

from __future__ import annotations

import pytest

from imperal_tui.headless import render
from imperal_tui.headless.outcome import Outcome
from imperal_tui.renderer import plain
from kernel import events as ev
from sdk import ui

CALL = ui.Call("f")
OPTIONS = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]

# One representative of every node-producing factory of sdk.ui.
EVERY_NODE = {
    "Stack": ui.Stack([ui.Text("in stack")], direction="horizontal"),
    "Grid": ui.Grid([ui.Text("cell")]),
    "Tabs": ui.Tabs([{"label": "One", "content": ui.Text("first tab")}, {"label": "Two"}]),
    "Page": ui.Page([ui.Text("page body")], title="Page title"),
    "Section": ui.Section([ui.Text("section body")], title="Sec"),
    "Row": ui.Row([ui.Text("r1"), ui.Text("r2")]),
    "Column": ui.Column([ui.Text("c1")]),
    "Accordion": ui.Accordion([{"id": "a", "title": "Fold", "children": [ui.Text("folded")]}]),
    "Text": ui.Text("hello text"),
    "Icon": ui.Icon("Mail"),
    "Header": ui.Header("Heading", 1, "subheading"),
    "Image": ui.Image("a.png", alt="logo"),
    "Code": ui.Code("print(1)", "python"),
    "Markdown": ui.Markdown("**md**"),
    "Empty": ui.Empty("nothing yet"),
    "Divider": ui.Divider("more"),
    "Html": ui.Html("<b>bold</b> html"),
    "Video": ui.Video("v.mp4", title="clip"),
    "Audio": ui.Audio("a.mp3", title="song"),
    "Button": ui.Button("Press", on_click=CALL),
    "BackButton": ui.BackButton("Inbox"),
    "Card": ui.Card("Card title", content=ui.Text("card body")),
    "Menu": ui.Menu([{"label": "Edit"}]),
    "Dialog": ui.Dialog("Sure?", ui.Text("dialog body")),
    "Modal": ui.Modal("Delete?", ui.Text("modal body"), "Delete", destructive=True),
    "Tooltip": ui.Tooltip("tip text", ui.Text("hover me")),
    "Link": ui.Link("docs", "https://example.test"),
    "SlideOver": ui.SlideOver("Drawer", [ui.Text("drawer body")]),
    "Input": ui.Input("your name", label="Name", required=True),
    "Password": ui.Password(value="hunter2", label="Key"),
    "Form": ui.Form([ui.Input(label="Field")], submit_label="Save"),
    "Select": ui.Select(OPTIONS, "b", label="Kind"),
    "MultiSelect": ui.MultiSelect(OPTIONS, ["a"], label="Tags"),
    "Toggle": ui.Toggle("Enabled", True),
    "Checkbox": ui.Checkbox("Agree", True, description="needed", error="must agree"),
    "RadioGroup": ui.RadioGroup(OPTIONS, "b", label="Pick"),
    "Slider": ui.Slider(label="Volume"),
    "DatePicker": ui.DatePicker("2026-01-02", label="Due"),
    "FileUpload": ui.FileUpload(title="Attach"),
    "TextArea": ui.TextArea(value="area text", label="Body"),
    "RichEditor": ui.RichEditor("rich text"),
    "TagInput": ui.TagInput(["x1", "y1"]),
    "Badge": ui.Badge("urgent", dot=True),
    "Avatar": ui.Avatar("AB"),
    "Stat": ui.Stat("Users", 10, "+5%", trend_direction="up"),
    "Stats": ui.Stats([ui.Stat("Open", 3)]),
    "ListItem": ui.ListItem("1", "row title", subtitle="row sub"),
    "List": ui.List([ui.ListItem("1", "listed")], title="Things"),
    "DataTable": ui.DataTable([ui.DataColumn("n", "Name")], [{"n": "Ann"}]),
    "Timeline": ui.Timeline([{"title": "Created", "time": "09:00"}]),
    "Tree": ui.Tree([{"id": "1", "label": "root", "children": [{"id": "2", "label": "leaf"}]}]),
    "KeyValue": ui.KeyValue([{"key": "owner", "value": "ann"}]),
    "Alert": ui.Alert("disk full", "Heads up", "warning"),
    "Toast": ui.Toast("Saved", "ok", action=CALL, action_label="Undo"),
    "Progress": ui.Progress(40, "sync"),
    "Chart": ui.Chart([{"name": "mon", "v": 1}], title="Traffic"),
    "Loading": ui.Loading("fetching"),
    "Error": ui.Error("boom", retry=CALL),
    "AgentPresence": ui.AgentPresence("thinking", "Reading mail", 0.5),
    "Ghost": ui.Ghost(ui.Text("draft reply")),
    "Graph": ui.Graph([{"id": "a", "label": "A"}], [{"source": "a", "target": "a"}]),
    "Canvas": ui.Canvas([ui.CanvasNode("api", "API")], [ui.CanvasEdge("api", "db", latency_ms=4)]),
    "Stage": ui.Stage("import", "Import contacts", [ui.Text("stage body")], status="running"),
    "MorphingState": ui.MorphingState(
        "inbox", "3 unread", affordances=[ui.Affordance("o", "Open")]
    ),
    "TrayResponse": ui.TrayResponse(3, ui.Text("tray panel")),
}


def test_every_node_factory_is_covered():
    nodes = {n for n in ui.__all__ if n not in {"UINode", "UIAction", "theme", "MODAL_SIZES"}}
    not_nodes = {"Call", "Navigate", "Send", "Open", "DataColumn", "ColorPair", "AgencyTheme"}
    not_nodes |= {"Affordance", "CognitiveContext", "Signal", "UISignal"}
    not_nodes |= {"CanvasNode", "CanvasEdge"}
    assert nodes - not_nodes == set(EVERY_NODE)


@pytest.mark.parametrize("name", sorted(EVERY_NODE))
@pytest.mark.parametrize("width", [80, 40, 12])
def test_each_node_has_its_own_text_that_fits(name, width):
    node = EVERY_NODE[name].to_dict()
    assert plain.known(node["type"]), name
    out = render.ui_text(node, width)
    assert out.strip(), name
    assert all(len(line) <= width for line in out.splitlines()), out
    assert f"[{node['type']}]" not in out and "could not be drawn" not in out


def test_the_whole_tree_at_80_columns():
    out = render.ui_text(ui.Page(list(EVERY_NODE.values())).to_dict(), 80)
    for expected in (
        "hello text",
        "[ Press ]",
        "[ ← Back to Inbox ]",
        "[x] Agree",
        "(•) Beta",
        "( ) Alpha",
        "Name*: [<your name>]",
        "[•••••••]",
        "Ann",
        "▲ +5%",
        "[ Undo ]",
        "folded",
        "◆ Agent: thinking · Reading mail · 50%",
        "░ draft reply",
    ):
        assert expected in out, expected
    assert "hunter2" not in out


def test_stage_is_a_frame_titled_with_its_command():
    out = render.ui_text(EVERY_NODE["Stage"].to_dict(), 50).splitlines()
    assert out[0].startswith("╭─ ❯ import · Import contacts ") and out[0].endswith("╮")
    assert out[1] == "│ " + "stage body".ljust(46) + " │"
    assert out[-1].startswith("╰─ running ") and len(out[-1]) == 50


def test_morphing_state_shows_urgency_summary_and_numbered_shortcuts():
    state = ui.MorphingState(
        "inbox",
        "3 unread",
        urgency="high",
        metrics={"unread": 3},
        affordances=[
            ui.Affordance("o", "Open", shortcut="o"),
            ui.Affordance("d", "Delete", risk="destructive"),
        ],
    )
    assert render.ui_text(state.to_dict()).splitlines() == [
        "▲ high · inbox",
        "3 unread",
        "unread: 3",
        "  [1] Open (o)",
        "  [2] Delete (2) ⚠",
    ]


def test_canvas_lists_nodes_then_connections():
    canvas = ui.Canvas(
        [
            ui.CanvasNode("api", "API", metrics={"rps": 12}),
            ui.CanvasNode("db", "DB", status="down"),
        ],
        [ui.CanvasEdge("api", "db", "sql", latency_ms=4)],
    )
    assert render.ui_text(canvas.to_dict()).splitlines() == [
        "Canvas: 2 nodes, 1 connections",
        "  ● API [healthy]  rps=12",
        "  ● DB [down]",
        "  API → DB  sql  active  4ms",
    ]


def test_modal_and_dialog_show_their_buttons():
    out = render.ui_text(EVERY_NODE["Modal"].to_dict(), 40)
    assert "[ ⚠ Delete ]  [ Cancel ]" in out and "╭─ Delete? " in out
    assert "[ Confirm ]  [ Cancel ]" in render.ui_text(EVERY_NODE["Dialog"].to_dict(), 40)


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "List", "props": {"items": 5}},
        {"type": "Stage", "props": {"children": "oops", "hotkeys": [1]}},
        {"type": "Canvas", "props": {"nodes": [1, {"id": None}], "edges": "x"}},
        {"type": "MorphingState", "props": {"affordances": [{"id": "no label"}], "metrics": 3}},
        {"type": "Progress", "props": {"value": "half", "max": 0}},
        {"type": "RadioGroup", "props": {"options": "ab", "orientation": "horizontal"}},
        {"type": "Alert", "props": None},
        "just text",
        None,
        [1, 2],
    ],
)
def test_malformed_nodes_never_raise(bad):
    out = render.ui_text(bad, 40)  # at worst: "⚠ <Type> could not be drawn: ..." in place
    assert all(len(line) <= 40 for line in out.splitlines())


def test_unknown_types_are_named_with_their_children():
    out = render.ui_text({"type": "Hologram", "props": {"children": [ui.Text("inside").to_dict()]}})
    assert out.splitlines() == ["[Hologram]", "  inside"]


def test_a_signal_shows_its_default_value():
    badge = ui.Badge("Cart", value=ui.Signal("cart.count", 0))
    assert render.ui_text(ui.Stat("Items", ui.Signal("cart.count", 7)).to_dict()) == "Items: 7"
    assert render.ui_text(ui.Badge(value=ui.Signal("n", 4)).to_dict()) == "[4]"
    assert render.ui_text(badge.to_dict()) == "[Cart]"


def test_control_characters_from_extensions_are_shown_inert():
    out = render.ui_text(ui.Text("evil\x1b[2Jtext").to_dict())
    assert "\x1b" not in out and "evil\\x1b[2Jtext" in out


def test_a_calls_ui_is_printed_after_the_reply():
    outcome = Outcome()
    outcome.add(ev.TextDelta("Done."))
    step = ev.ActionFinished(
        "s1",
        "notes",
        "list",
        "read",
        {},
        "ok",
        ui=ui.List([ui.ListItem("1", "buy milk")]).to_dict(),
    )
    outcome.add(step)
    assert render.outcome_text(outcome) == "Done.\n\n• buy milk\n"
