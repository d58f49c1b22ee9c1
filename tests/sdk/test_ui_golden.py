"""Golden wire shapes of every documented `ui.*` component and action (5.11.0 / 6.3.7 wire).

Each component is pinned twice: called with only its required arguments (the defaults) and
with every optional prop set, so both the "always" and the "if set" rules are covered.
"""

from __future__ import annotations

import pytest

from sdk import ui

CALL = ui.Call("f", x=1)
CALL_D = {"action": "call", "function": "f", "params": {"x": 1}}
TEXT = ui.Text("t")
TEXT_D = {"type": "Text", "props": {"content": "t", "variant": "body"}}
OPT = {"value": "a", "label": "A"}


def wire(type_: str, **props):
    return {"type": type_, "props": props}


CASES = [
    # ---- layout -------------------------------------------------------------------------
    ("Stack", ui.Stack([TEXT]), wire("Stack", children=[TEXT_D], direction="v", gap=3)),
    (
        "Stack+",
        ui.Stack([TEXT], "h", 1, False, "center", "between", True, "px-0"),
        wire(
            "Stack",
            children=[TEXT_D],
            direction="h",
            gap=1,
            wrap=False,
            align="center",
            justify="between",
            sticky=True,
            className="px-0",
        ),
    ),
    ("Grid", ui.Grid([TEXT]), wire("Grid", children=[TEXT_D], columns=2, gap=3)),
    ("Grid+", ui.Grid([], columns=3, gap=0), wire("Grid", children=[], columns=3, gap=0)),
    (
        "Tabs",
        ui.Tabs([{"label": "A", "content": TEXT}]),
        wire("Tabs", tabs=[{"label": "A", "content": TEXT_D}], default_tab=0),
    ),
    ("Tabs+", ui.Tabs([], default_tab=2), wire("Tabs", tabs=[], default_tab=2)),
    ("Page", ui.Page([TEXT]), wire("Page", children=[TEXT_D])),
    (
        "Page+",
        ui.Page([], title="T", subtitle="S"),
        wire("Page", children=[], title="T", subtitle="S"),
    ),
    ("Section", ui.Section([TEXT]), wire("Section", children=[TEXT_D], collapsible=False)),
    (
        "Section+",
        ui.Section([], title="T", collapsible=True),
        wire("Section", children=[], collapsible=True, title="T"),
    ),
    ("Row", ui.Row([TEXT]), wire("Stack", children=[TEXT_D], direction="h", gap=3)),
    ("Row+", ui.Row([], gap=0), wire("Stack", children=[], direction="h", gap=0)),
    ("Column", ui.Column([TEXT]), wire("Stack", children=[TEXT_D], direction="v", gap=3)),
    ("Column+", ui.Column([], gap=5), wire("Stack", children=[], direction="v", gap=5)),
    (
        "Accordion",
        ui.Accordion([{"id": "a", "title": "A", "children": [TEXT]}]),
        wire(
            "Accordion",
            sections=[{"id": "a", "title": "A", "children": [TEXT_D]}],
            allow_multiple=False,
        ),
    ),
    (
        "Accordion+",
        ui.Accordion([], allow_multiple=True),
        wire("Accordion", sections=[], allow_multiple=True),
    ),
    # ---- display ------------------------------------------------------------------------
    ("Text", ui.Text("x"), wire("Text", content="x", variant="body")),
    ("Text+", ui.Text("x", "code"), wire("Text", content="x", variant="code")),
    ("Icon", ui.Icon("Mail"), wire("Icon", name="Mail", size=16, color="")),
    ("Icon+", ui.Icon("Mail", 24, "red"), wire("Icon", name="Mail", size=24, color="red")),
    ("Header", ui.Header("H"), wire("Header", text="H", level=2)),
    ("Header+", ui.Header("H", 1, "s"), wire("Header", text="H", level=1, subtitle="s")),
    ("Image", ui.Image("a.png"), wire("Image", src="a.png")),
    (
        "Image+",
        ui.Image("a.png", "alt", "10", "20", CALL, "cover", "cap"),
        wire(
            "Image",
            src="a.png",
            alt="alt",
            width="10",
            height="20",
            on_click=CALL_D,
            object_fit="cover",
            caption="cap",
        ),
    ),
    ("Code", ui.Code("x=1"), wire("Code", content="x=1", line_numbers=False)),
    (
        "Code+",
        ui.Code("x=1", "python", True),
        wire("Code", content="x=1", line_numbers=True, language="python"),
    ),
    ("Markdown", ui.Markdown("# h"), wire("Markdown", content="# h")),
    ("Empty", ui.Empty(), wire("Empty", message="No data")),
    (
        "Empty+",
        ui.Empty("none", "Inbox", CALL),
        wire("Empty", message="none", icon="Inbox", action=CALL_D),
    ),
    ("Divider", ui.Divider(), wire("Divider")),
    ("Divider+", ui.Divider("or"), wire("Divider", label="or")),
    ("Html", ui.Html("<b>"), wire("Html", content="<b>", sandbox=True)),
    (
        "Html+",
        ui.Html("<b>", False, 400, "light"),
        wire("Html", content="<b>", sandbox=False, max_height=400, theme="light"),
    ),
    ("Html dark", ui.Html("<b>", theme="dark"), wire("Html", content="<b>", sandbox=True)),
    ("Video", ui.Video("v.mp4"), wire("Video", src="v.mp4", controls=True)),
    (
        "Video+",
        ui.Video("v.mp4", "p.png", "T", True, False, True, True, "640", "480"),
        wire(
            "Video",
            src="v.mp4",
            controls=False,
            poster="p.png",
            title="T",
            autoplay=True,
            loop=True,
            muted=True,
            width="640",
            height="480",
        ),
    ),
    ("Audio", ui.Audio("a.mp3"), wire("Audio", src="a.mp3", controls=True)),
    (
        "Audio+",
        ui.Audio("a.mp3", "T", False, True, True),
        wire("Audio", src="a.mp3", controls=False, title="T", autoplay=True, loop=True),
    ),
    # ---- interactive --------------------------------------------------------------------
    (
        "Button",
        ui.Button("Go"),
        wire("Button", label="Go", variant="primary", disabled=False, size="md"),
    ),
    (
        "Button+",
        ui.Button("Go", "danger", CALL, True, "sm", True, "Trash2"),
        wire(
            "Button",
            label="Go",
            variant="danger",
            disabled=True,
            size="sm",
            full_width=True,
            on_click=CALL_D,
            icon="Trash2",
        ),
    ),
    ("Card", ui.Card(), wire("Card")),
    (
        "Card+",
        ui.Card("T", "S", TEXT, [TEXT], CALL),
        wire("Card", title="T", subtitle="S", content=TEXT_D, footer=[TEXT_D], on_click=CALL_D),
    ),
    (
        "Menu",
        ui.Menu([{"label": "Edit", "icon": "Pencil", "on_click": CALL, "separator": False}]),
        wire(
            "Menu",
            items=[{"label": "Edit", "icon": "Pencil", "on_click": CALL_D, "separator": False}],
        ),
    ),
    ("Menu+", ui.Menu([], trigger=TEXT), wire("Menu", items=[], trigger=TEXT_D)),
    (
        "Dialog",
        ui.Dialog("Sure?"),
        wire("Dialog", title="Sure?", confirm_label="Confirm", cancel_label="Cancel"),
    ),
    (
        "Dialog+",
        ui.Dialog("Sure?", TEXT, "Yes", "No", CALL),
        wire(
            "Dialog",
            title="Sure?",
            confirm_label="Yes",
            cancel_label="No",
            content=TEXT_D,
            on_confirm=CALL_D,
        ),
    ),
    (
        "Dialog modal options",
        ui.Dialog("Sure?", destructive=True, size="lg", dismissible=False),
        wire(
            "Dialog",
            title="Sure?",
            confirm_label="Confirm",
            cancel_label="Cancel",
            size="lg",
            dismissible=False,
            destructive=True,
        ),
    ),
    ("Modal", ui.Modal(), wire("Modal", confirm_label="Confirm", cancel_label="Cancel")),
    (
        "Modal+",
        ui.Modal(
            "T",
            TEXT,
            "Yes",
            "No",
            CALL,
            subtitle="S",
            size="xl",
            max_width="40rem",
            dismissible=False,
            destructive=True,
            on_close=CALL,
            open=False,
        ),
        wire(
            "Modal",
            confirm_label="Yes",
            cancel_label="No",
            title="T",
            content=TEXT_D,
            subtitle="S",
            on_confirm=CALL_D,
            size="xl",
            max_width="40rem",
            dismissible=False,
            destructive=True,
            on_close=CALL_D,
            open=False,
        ),
    ),
    (
        "BackButton",
        ui.BackButton(),
        wire("Button", label="← Back", variant="ghost", disabled=False, size="sm"),
    ),
    (
        "BackButton+",
        ui.BackButton("Inbox", CALL),
        wire(
            "Button",
            label="← Back to Inbox",
            variant="ghost",
            disabled=False,
            size="sm",
            on_click=CALL_D,
        ),
    ),
    ("Tooltip", ui.Tooltip("tip"), wire("Tooltip", content="tip")),
    ("Tooltip+", ui.Tooltip("tip", TEXT), wire("Tooltip", content="tip", children=TEXT_D)),
    ("Link", ui.Link("Docs"), wire("Link", label="Docs")),
    (
        "Link+",
        ui.Link("Docs", "https://d", CALL),
        wire("Link", label="Docs", href="https://d", on_click=CALL_D),
    ),
    ("Link text", ui.Link(text="Docs", href="/d"), wire("Link", label="Docs", href="/d")),
    ("Link both", ui.Link("L", text="T"), wire("Link", label="L")),
    (
        "SlideOver",
        ui.SlideOver("T"),
        wire("SlideOver", title="T", subtitle="", open=True, width="md"),
    ),
    (
        "SlideOver+",
        ui.SlideOver("T", [TEXT], "S", False, "xl", CALL),
        wire(
            "SlideOver",
            title="T",
            subtitle="S",
            open=False,
            width="xl",
            children=[TEXT_D],
            on_close=CALL_D,
        ),
    ),
    # ---- input --------------------------------------------------------------------------
    ("Input", ui.Input(), wire("Input", placeholder="", value="", param_name="value")),
    (
        "Input+",
        ui.Input("Name", CALL, "v", "name", "email"),
        wire(
            "Input",
            placeholder="Name",
            value="v",
            param_name="name",
            type="email",
            on_submit=CALL_D,
        ),
    ),
    (
        "Input text",
        ui.Input(type="text"),
        wire("Input", placeholder="", value="", param_name="value"),
    ),
    (
        "Password",
        ui.Password(),
        wire("Input", placeholder="paste value…", value="", param_name="value", type="password"),
    ),
    (
        "Password+",
        ui.Password("Key", CALL, "k", "api_key"),
        wire(
            "Input",
            placeholder="Key",
            value="k",
            param_name="api_key",
            type="password",
            on_submit=CALL_D,
        ),
    ),
    ("Form", ui.Form([TEXT]), wire("Form", children=[TEXT_D], submit_label="Submit")),
    (
        "Form+",
        ui.Form([], "save", "Save", {"id": 1}),
        wire("Form", children=[], submit_label="Save", action="save", defaults={"id": 1}),
    ),
    (
        "Select",
        ui.Select([{"value": "a", "label": "A"}]),
        wire("Select", options=[{"value": "a", "label": "A"}], value="", param_name="value"),
    ),
    (
        "Select+",
        ui.Select([], "a", "Pick", CALL, "choice"),
        wire(
            "Select",
            options=[],
            value="a",
            param_name="choice",
            placeholder="Pick",
            on_change=CALL_D,
        ),
    ),
    (
        "MultiSelect",
        ui.MultiSelect([]),
        wire("MultiSelect", options=[], values=[], param_name="values"),
    ),
    (
        "MultiSelect+",
        ui.MultiSelect([], ["a"], "Pick", "tags"),
        wire("MultiSelect", options=[], values=["a"], param_name="tags", placeholder="Pick"),
    ),
    ("Checkbox", ui.Checkbox(), wire("Checkbox", value=False, param_name="checked")),
    (
        "Checkbox+",
        ui.Checkbox("Agree", True, CALL, "ok", "d", "e", True, True),
        wire(
            "Checkbox",
            value=True,
            param_name="ok",
            on_change=CALL_D,
            label="Agree",
            description="d",
            error="e",
            required=True,
            disabled=True,
        ),
    ),
    (
        "RadioGroup",
        ui.RadioGroup([OPT]),
        wire("RadioGroup", options=[OPT], value="", param_name="value", orientation="vertical"),
    ),
    (
        "RadioGroup+",
        ui.RadioGroup([OPT], "a", CALL, "v", "L", "D", "E", True, True, "horizontal"),
        wire(
            "RadioGroup",
            options=[OPT],
            value="a",
            param_name="v",
            orientation="horizontal",
            on_change=CALL_D,
            label="L",
            description="D",
            error="E",
            required=True,
            disabled=True,
        ),
    ),
    ("Toggle", ui.Toggle(), wire("Toggle", value=False, param_name="enabled")),
    (
        "Toggle+",
        ui.Toggle("On", True, CALL, "on"),
        wire("Toggle", value=True, param_name="on", label="On", on_change=CALL_D),
    ),
    (
        "Slider",
        ui.Slider(),
        wire("Slider", min=0, max=100, value=50, step=1, param_name="value"),
    ),
    (
        "Slider+",
        ui.Slider(1, 10, 5, 0.5, "Level", "level"),
        wire("Slider", min=1, max=10, value=5, step=0.5, param_name="level", label="Level"),
    ),
    (
        "DatePicker",
        ui.DatePicker(),
        wire("DatePicker", value="", param_name="date"),
    ),
    (
        # the placeholder is accepted but never sent (the reference drops it too)
        "DatePicker+",
        ui.DatePicker("2026-01-02", "When", CALL, "due", "Due", min="2026-01-01"),
        wire(
            "DatePicker",
            value="2026-01-02",
            param_name="due",
            on_change=CALL_D,
            label="Due",
            min="2026-01-01",
        ),
    ),
    (
        "FileUpload",
        ui.FileUpload(),
        wire("FileUpload", accept="*", max_size_mb=10, multiple=False, param_name="files"),
    ),
    (
        "FileUpload+",
        ui.FileUpload(".pdf", 5, True, CALL, "docs", ["exe"], 50, 3),
        wire(
            "FileUpload",
            accept=".pdf",
            max_size_mb=5,
            multiple=True,
            param_name="docs",
            on_upload=CALL_D,
            blocked_extensions=["exe"],
            max_total_mb=50,
            max_files=3,
        ),
    ),
    (
        "TextArea",
        ui.TextArea(),
        wire("TextArea", placeholder="", value="", rows=4, param_name="text"),
    ),
    (
        "TextArea+",
        ui.TextArea("Body", "b", 8, CALL, "body"),
        wire(
            "TextArea",
            placeholder="Body",
            value="b",
            rows=8,
            param_name="body",
            on_submit=CALL_D,
        ),
    ),
    (
        "RichEditor",
        ui.RichEditor(),
        wire(
            "RichEditor",
            content="",
            placeholder="Start writing...",
            param_name="content",
            toolbar=True,
        ),
    ),
    (
        "RichEditor+",
        ui.RichEditor("<p>", "Write", CALL, ui.Send("s"), "html", False),
        wire(
            "RichEditor",
            content="<p>",
            placeholder="Write",
            param_name="html",
            toolbar=False,
            on_save=CALL_D,
            on_change={"action": "send", "message": "s"},
        ),
    ),
    (
        "TagInput",
        ui.TagInput(),
        wire(
            "TagInput",
            values=[],
            suggestions=[],
            placeholder="Add...",
            param_name="tags",
            grouped_by="",
        ),
    ),
    (
        "TagInput+",
        ui.TagInput(["a"], ["b"], "More", "labels", CALL, ":", [",", ";"], "^\\w+$", "bad"),
        wire(
            "TagInput",
            values=["a"],
            suggestions=["b"],
            placeholder="More",
            param_name="labels",
            grouped_by=":",
            on_change=CALL_D,
            delimiters=[",", ";"],
            validate="^\\w+$",
            validate_message="bad",
        ),
    ),
    # ---- data ---------------------------------------------------------------------------
    ("Badge", ui.Badge(), wire("Badge", label="", color="gray")),
    ("Badge+", ui.Badge("n", 3, "red"), wire("Badge", label="n", value=3, color="red")),
    ("Badge 0", ui.Badge("n", 0), wire("Badge", label="n", value=0, color="gray")),
    ("Avatar", ui.Avatar(), wire("Avatar", fallback="?", src="", size="md")),
    (
        "Avatar+",
        ui.Avatar("AB", "a.png", "lg"),
        wire("Avatar", fallback="AB", src="a.png", size="lg"),
    ),
    (
        "Stat",
        ui.Stat("Users", 5),
        wire("Stat", label="Users", value=5, trend="", icon="", color="blue"),
    ),
    (
        "Stat+",
        ui.Stat("Users", "5", "+2", "Users", "green"),
        wire("Stat", label="Users", value="5", trend="+2", icon="Users", color="green"),
    ),
    ("Stats", ui.Stats([TEXT]), wire("Stats", children=[TEXT_D])),
    ("Stats+", ui.Stats([], 3), wire("Stats", children=[], columns=3)),
    ("ListItem", ui.ListItem("1", "A"), wire("ListItem", id="1", title="A")),
    (
        "ListItem+",
        ui.ListItem(
            "1",
            "A",
            "sub",
            "meta",
            ui.Avatar(),
            ui.Badge("b"),
            True,
            CALL,
            [{"icon": "Trash2", "on_click": CALL, "confirm": "Sure?"}],
            True,
            True,
            CALL,
            "Mail",
            True,
            [TEXT],
        ),
        wire(
            "ListItem",
            id="1",
            title="A",
            subtitle="sub",
            meta="meta",
            avatar={"type": "Avatar", "props": {"fallback": "?", "src": "", "size": "md"}},
            badge={"type": "Badge", "props": {"label": "b", "color": "gray"}},
            selected=True,
            on_click=CALL_D,
            actions=[{"icon": "Trash2", "on_click": CALL_D, "confirm": "Sure?"}],
            draggable=True,
            droppable=True,
            on_drop=CALL_D,
            icon="Mail",
            expandable=True,
            expanded_content=[TEXT_D],
        ),
    ),
    ("List", ui.List([]), wire("List", items=[], searchable=False, grouped_by="")),
    (
        "List+",
        ui.List(
            [ui.ListItem("1", "A")],
            True,
            "folder",
            20,
            CALL,
            True,
            [{"label": "Delete", "icon": "Trash2", "action": CALL}],
            99,
            "unread",
        ),
        wire(
            "List",
            items=[{"type": "ListItem", "props": {"id": "1", "title": "A"}}],
            searchable=True,
            grouped_by="folder",
            page_size=20,
            on_end_reached=CALL_D,
            selectable=True,
            bulk_actions=[{"label": "Delete", "icon": "Trash2", "action": CALL_D}],
            total_items=99,
            extra_info="unread",
        ),
    ),
    (
        "List negative",
        ui.List([], page_size=-1, total_items=-5),
        wire("List", items=[], searchable=False, grouped_by=""),
    ),
    (
        "DataTable",
        ui.DataTable([ui.DataColumn("a", "A")], [{"a": 1}]),
        wire("DataTable", columns=[{"key": "a", "label": "A", "sortable": True}], rows=[{"a": 1}]),
    ),
    (
        "DataTable+",
        ui.DataTable([], [], CALL, ui.Call("edit")),
        wire(
            "DataTable",
            columns=[],
            rows=[],
            on_row_click=CALL_D,
            on_cell_edit={"action": "call", "function": "edit", "params": {}},
        ),
    ),
    (
        "Timeline",
        ui.Timeline([{"title": "T", "description": "d", "time": "now", "icon": "I", "color": "c"}]),
        wire(
            "Timeline",
            items=[{"title": "T", "description": "d", "time": "now", "icon": "I", "color": "c"}],
        ),
    ),
    (
        "Tree",
        ui.Tree([{"id": "1", "label": "L", "children": [], "on_click": CALL}]),
        wire("Tree", nodes=[{"id": "1", "label": "L", "children": [], "on_click": CALL_D}]),
    ),
    (
        "KeyValue",
        ui.KeyValue([{"key": "k", "value": None}]),
        wire("KeyValue", items=[{"key": "k", "value": None}], columns=1),
    ),
    ("KeyValue+", ui.KeyValue([], 2), wire("KeyValue", items=[], columns=2)),
    # ---- feedback -----------------------------------------------------------------------
    ("Alert", ui.Alert("m"), wire("Alert", message="m", title="", variant="info")),
    (
        "Alert+",
        ui.Alert("m", "T", "danger", True),
        wire("Alert", message="m", title="T", variant="error", dismissible=True),
    ),
    (
        "Alert type=",
        ui.Alert("m", type="warn"),
        wire("Alert", message="m", title="", variant="warn"),
    ),
    ("Toast", ui.Toast("m"), wire("Toast", message="m", variant="info")),
    (
        "Toast+",
        ui.Toast("m", "ok", 3000, title="T", action=CALL, action_label="Undo"),
        wire(
            "Toast",
            message="m",
            variant="success",
            duration=3000,
            title="T",
            action=CALL_D,
            action_label="Undo",
        ),
    ),
    ("Progress", ui.Progress(40), wire("Progress", value=40, label="", variant="bar")),
    (
        "Progress+",
        ui.Progress(40, "Disk", "circular", "red"),
        wire("Progress", value=40, label="Disk", variant="circular", color="red"),
    ),
    (
        "Chart",
        ui.Chart([{"name": "a", "v": 1}]),
        wire("Chart", chart_type="line", data=[{"name": "a", "v": 1}], x_key="name", height=200),
    ),
    (
        "Chart+",
        ui.Chart(
            [{"day": "mon", "in": 1, "out": 2, "rate": 0.5}],
            "bar",
            "day",
            300,
            {"in": "green", "out": "red"},
            ["rate"],
        ),
        wire(
            "Chart",
            chart_type="bar",
            data=[{"day": "mon", "in": 1, "out": 2, "rate": 0.5}],
            x_key="day",
            height=300,
            series=[
                {"key": "in", "label": "in", "color": "green"},
                {"key": "out", "label": "out", "color": "red"},
                {"key": "rate", "label": "rate"},
            ],
            y2_keys=["rate"],
        ),
    ),
    (
        # only a mapping colours series; a list names no series key, so none gets a colour
        "Chart colors list",
        ui.Chart([{"name": "a", "x": 1, "y": 2}], colors=["blue"]),
        wire(
            "Chart",
            chart_type="line",
            data=[{"name": "a", "x": 1, "y": 2}],
            x_key="name",
            height=200,
            series=[{"key": "x", "label": "x"}, {"key": "y", "label": "y"}],
        ),
    ),
    (
        "Chart colors no data",
        ui.Chart([], "pie", colors={"v": "red"}),
        wire("Chart", chart_type="pie", data=[], x_key="name", height=200),
    ),
    ("Loading", ui.Loading(), wire("Loading", message="Loading...", variant="spinner")),
    (
        "Loading+",
        ui.Loading("Wait", "skeleton"),
        wire("Loading", message="Wait", variant="skeleton"),
    ),
    ("Error", ui.Error("bad"), wire("Error", message="bad", title="Error")),
    (
        "Error+",
        ui.Error("bad", "Oops", CALL),
        wire("Error", message="bad", title="Oops", retry=CALL_D),
    ),
    # ---- graph --------------------------------------------------------------------------
    (
        "Graph",
        ui.Graph([], []),
        wire(
            "Graph",
            nodes=[],
            edges=[],
            layout="cose-bilkent",
            height=600,
            min_node_size=10.0,
            max_node_size=50.0,
            edge_label_visible=False,
            color_by="type",
        ),
    ),
    (
        "Graph+",
        ui.Graph(
            [{"data": {"id": "a", "type": "person"}}, {"id": "b"}, ui.Text("n"), 42],
            [{"data": {"source": "a", "target": "b", "label": "knows"}}],
            "circle",
            300,
            5.0,
            20.0,
            True,
            "group",
            CALL,
        ),
        wire(
            "Graph",
            nodes=[
                {"id": "a", "type": "person"},
                {"id": "b"},
                {"type": "Text", "props": {"content": "n", "variant": "body"}},
                {},
            ],
            edges=[{"source": "a", "target": "b", "label": "knows"}],
            layout="circle",
            height=300,
            min_node_size=5.0,
            max_node_size=20.0,
            edge_label_visible=True,
            color_by="group",
            on_node_click=CALL_D,
        ),
    ),
    # ---- envelope -----------------------------------------------------------------------
    ("TrayResponse", ui.TrayResponse(), wire("TrayResponse")),
    (
        "TrayResponse+",
        ui.TrayResponse(ui.Badge("3", color="red"), TEXT),
        wire(
            "TrayResponse",
            badge={"type": "Badge", "props": {"label": "3", "color": "red"}},
            panel=TEXT_D,
        ),
    ),
]


@pytest.mark.parametrize(("name", "built", "expected"), CASES, ids=[c[0] for c in CASES])
def test_component_wire_shape(name, built, expected):
    assert built.to_dict() == expected


def test_every_exported_component_has_a_golden_case():
    pinned = {name.split()[0].rstrip("+") for name, _, _ in CASES}
    not_components = {"Call", "Navigate", "Send", "Open", "UINode", "UIAction", "DataColumn"}
    not_components |= {"theme", "ColorPair", "AgencyTheme", "MODAL_SIZES"}
    # 6.x names are pinned in test_ui_wire_golden.py and test_ui_6x.py
    not_components |= {"Stage", "MorphingState", "Affordance", "CognitiveContext", "Signal"}
    not_components |= {"UISignal", "Canvas", "CanvasNode", "CanvasEdge", "Ghost", "AgentPresence"}
    assert set(ui.__all__) - not_components - pinned == set()


ACTIONS = [
    (ui.Call("fn"), {"action": "call", "function": "fn", "params": {}}),
    (
        ui.Call("fn", a=1, b=None, c=[ui.Send("x")]),
        {
            "action": "call",
            "function": "fn",
            "params": {"a": 1, "b": None, "c": [{"action": "send", "message": "x"}]},
        },
    ),
    (
        ui.Call(function="fn", view="x"),
        {"action": "call", "function": "fn", "params": {"view": "x"}},
    ),
    (ui.Navigate("/a/b"), {"action": "navigate", "path": "/a/b"}),
    (ui.Send("hello"), {"action": "send", "message": "hello"}),
    (ui.Open("https://x.y"), {"action": "open", "url": "https://x.y"}),
]


@pytest.mark.parametrize(("built", "expected"), ACTIONS)
def test_action_wire_shape(built, expected):
    assert isinstance(built, ui.UIAction)
    assert built.to_dict() == expected


def test_data_column_is_a_plain_dict():
    assert ui.DataColumn("a", "A") == {"key": "a", "label": "A", "sortable": True}
    assert ui.DataColumn("a", "A", False, "120px", True, "toggle") == {
        "key": "a",
        "label": "A",
        "sortable": False,
        "width": "120px",
        "editable": True,
        "edit_type": "toggle",
    }
    assert ui.DataColumn("a", "A", edit_type="toggle") == {
        "key": "a",
        "label": "A",
        "sortable": True,
    }
    assert ui.DataColumn("a", "A", editable=True) == {
        "key": "a",
        "label": "A",
        "sortable": True,
        "editable": True,
        "edit_type": "text",
    }


def test_link_without_label_or_text_raises():
    with pytest.raises(TypeError, match=r"ui\.Link requires a 'label' \(or 'text' alias\)"):
        ui.Link()
    with pytest.raises(TypeError):
        ui.Link(href="https://x")


def test_link_text_is_keyword_only():
    with pytest.raises(TypeError):
        ui.Link("a", "b", None, "c")


def test_tag_input_delimiters_are_strings():
    props = ui.TagInput(delimiters=[",", 1]).to_dict()["props"]
    assert props["delimiters"] == [",", "1"]


def test_nested_none_is_kept_and_top_level_none_dropped():
    d = ui.Card(content=ui.Badge(value=None), on_click=ui.Call("f", x=None)).to_dict()
    assert d == {
        "type": "Card",
        "props": {
            "content": {"type": "Badge", "props": {"label": "", "color": "gray"}},
            "on_click": {"action": "call", "function": "f", "params": {"x": None}},
        },
    }
    assert ui.Tabs([{"label": "a", "content": None}]).to_dict()["props"]["tabs"] == [
        {"label": "a", "content": None}
    ]


def test_nodes_are_ui_nodes_with_no_top_level_children():
    for name, built, _ in CASES:
        assert isinstance(built, ui.UINode), name
        assert set(built.to_dict()) == {"type", "props"}, name


def test_graph_does_not_mutate_its_inputs():
    inner = {"id": "a"}
    node_in = {"data": inner}
    out = ui.Graph([node_in], []).to_dict()["props"]["nodes"][0]
    out["id"] = "changed"
    assert inner == {"id": "a"}
