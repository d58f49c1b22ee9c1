"""Every `imperal_sdk.ui` name has the 6.3.7 signature: parameter names, order, kinds, defaults.

The strings are transcribed from the introspection listing of the real package (5.11.0 and
6.3.7 agree on every name they share, except `TrayResponse`, which gained `icon_color` in 6.x;
we follow 6.3.7). `inspect.signature` must render each callable the same way, annotations
stripped, and each name must live in the submodule the listing puts it in.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

from sdk import ui

SIGNATURES: dict[str, dict[str, str]] = {
    "actions": {
        "Call": "(function, **params)",
        "Navigate": "(path)",
        "Open": "(url)",
        "Send": "(message)",
        "TrayResponse": "(badge=None, panel=None, icon_color=None)",
    },
    "base": {
        "UIAction": "(action, params=<factory>)",
        "UINode": "(type, props=<factory>)",
    },
    "canvas": {
        "Canvas": (
            "(nodes, edges=None, *, height=700, interactive=True, show_minimap=True, "
            "show_controls=True, on_node_click=None)"
        ),
        "CanvasEdge": (
            '(from_node, to_node, protocol="", status="active", latency_ms=None, animated=True)'
        ),
        "CanvasNode": (
            '(id, title, x=0.0, y=0.0, type="service", status="healthy", metrics=<factory>, '
            'icon="", on_click=None)'
        ),
    },
    "data": {
        "Avatar": '(fallback="?", src="", size="md")',
        "Badge": '(label="", value=None, color="gray", size="", dot=False)',
        "DataColumn": '(key, label, sortable=True, width="", editable=False, edit_type="text")',
        "DataTable": (
            '(columns, rows, on_row_click=None, on_cell_edit=None, empty_text="", '
            "max_height=0, sticky_header=False)"
        ),
        "KeyValue": "(items, columns=1)",
        "List": (
            '(items, searchable=False, grouped_by="", page_size=0, on_end_reached=None, '
            'selectable=False, bulk_actions=None, total_items=0, extra_info="", title="", '
            'empty_text="", search_placeholder="", max_height=0)'
        ),
        "ListItem": (
            '(id, title, subtitle="", meta="", avatar=None, badge=None, selected=False, '
            "on_click=None, actions=None, draggable=False, droppable=False, on_drop=None, "
            'icon="", expandable=False, expanded_content=None)'
        ),
        "Stat": (
            '(label, value, trend="", icon="", color="blue", description="", trend_direction="")'
        ),
        "Stats": "(children, columns=0)",
        "Timeline": "(items)",
        "Tree": '(nodes, label="")',
    },
    "display": {
        "Audio": '(src, title="", controls=True, autoplay=False, loop=False)',
        "Code": '(content, language="", line_numbers=False)',
        "Divider": '(label="")',
        "Empty": '(message="No data", icon="", action=None)',
        "Header": '(text, level=2, subtitle="")',
        "Html": '(content, sandbox=True, max_height=0, theme="dark")',
        "Icon": '(name, size=16, color="", className="")',
        "Image": '(src, alt="", width="", height="", on_click=None, object_fit="", caption="")',
        "Markdown": "(content)",
        "Text": '(content, variant="body", truncate=False, className="")',
        "Video": (
            '(src, poster="", title="", autoplay=False, controls=True, loop=False, '
            'muted=False, width="", height="")'
        ),
    },
    "feedback": {
        "AgentPresence": '(status="active", action="", progress=None, avatar="🐝")',
        "Alert": '(message, title="", variant="", dismissible=False, *, type="")',
        "Chart": (
            '(data, type="line", x_key="name", height=200, colors=None, y2_keys=None, '
            'title="", description="", show_legend=False, show_data_table=False)'
        ),
        "Error": '(message, title="Error", retry=None)',
        "Ghost": '(child, *, reason="Webbee executing...", pulse=True, opacity=0.6)',
        "Loading": '(message="Loading...", variant="spinner")',
        "Progress": '(value, label="", variant="bar", color="", max=0, show_value=False, size="")',
        "Toast": (
            '(message, variant="info", duration=5000, *, title="", action=None, action_label="")'
        ),
    },
    "graph": {
        "Graph": (
            '(nodes, edges, layout="cose-bilkent", height=600, min_node_size=10.0, '
            'max_node_size=50.0, edge_label_visible=False, color_by="type", '
            "on_node_click=None)"
        ),
    },
    "input_components": {
        "Checkbox": (
            '(label="", value=False, on_change=None, param_name="checked", description="", '
            'error="", required=False, disabled=False)'
        ),
        "DatePicker": (
            '(value="", placeholder="Select date", on_change=None, param_name="date", '
            'label="", description="", error="", required=False, disabled=False, min="", '
            'max="")'
        ),
        "FileUpload": (
            '(accept="*", max_size_mb=10, multiple=False, on_upload=None, param_name="files", '
            'blocked_extensions=None, max_total_mb=0, max_files=0, title="", hint="", '
            'variant="default", show_previews=False)'
        ),
        "Form": '(children, action="", submit_label="Submit", defaults=None)',
        "Input": (
            '(placeholder="", on_submit=None, value="", param_name="value", type="text", '
            'label="", description="", error="", required=False, disabled=False, '
            'readonly=False, variant="default")'
        ),
        "MultiSelect": (
            '(options, values=None, placeholder="", param_name="values", label="", '
            'description="", error="", required=False, disabled=False)'
        ),
        "Password": (
            '(placeholder="paste value…", on_submit=None, value="", param_name="value", '
            'label="", description="", error="", required=False, disabled=False, '
            "readonly=False)"
        ),
        "RadioGroup": (
            '(options, value="", on_change=None, param_name="value", label="", description="", '
            'error="", required=False, disabled=False, orientation="vertical")'
        ),
        "RichEditor": (
            '(content="", placeholder="Start writing...", on_save=None, on_change=None, '
            'param_name="content", toolbar=True, label="", description="", error="", '
            "required=False)"
        ),
        "Select": (
            '(options, value="", placeholder="", on_change=None, param_name="value", label="", '
            'description="", error="", required=False, disabled=False)'
        ),
        "Slider": (
            '(min=0, max=100, value=50, step=1, label="", param_name="value", disabled=False)'
        ),
        "TagInput": (
            '(values=None, suggestions=None, placeholder="Add...", param_name="tags", '
            'on_change=None, grouped_by="", delimiters=None, validate="", validate_message="", '
            'label="", description="", error="", required=False)'
        ),
        "TextArea": (
            '(placeholder="", value="", rows=4, on_submit=None, param_name="text", label="", '
            'description="", error="", required=False, disabled=False, readonly=False)'
        ),
        "Toggle": '(label="", value=False, on_change=None, param_name="enabled")',
    },
    "interactive": {
        "BackButton": '(to="", on_click=None, *, label="")',
        "Button": (
            '(label, variant="primary", on_click=None, disabled=False, size="md", '
            'full_width=False, icon="", icon_left="", icon_right="", loading=False, '
            'loading_label="", type="")'
        ),
        "Card": (
            '(title="", subtitle="", content=None, footer=None, on_click=None, border=None, '
            'padding="")'
        ),
        "Dialog": (
            '(title, content=None, confirm_label="Confirm", cancel_label="Cancel", '
            "on_confirm=None, destructive=False, **kwargs)"
        ),
        "Link": '(label="", href="", on_click=None, *, text="")',
        "Menu": '(items, trigger=None, align="")',
        "Modal": (
            '(title="", content=None, confirm_label="Confirm", cancel_label="Cancel", '
            'on_confirm=None, *, subtitle="", size="md", max_width="", dismissible=True, '
            "destructive=False, on_close=None, open=True)"
        ),
        "SlideOver": '(title, children=None, subtitle="", open=True, width="md", on_close=None)',
        "Tooltip": "(content, children=None, delay_ms=0)",
    },
    "layout": {
        "Accordion": "(sections, allow_multiple=False)",
        "Column": "(children, gap=3)",
        "Grid": '(children, columns=2, gap=3, className="")',
        "Page": '(children, title="", subtitle="")',
        "Row": "(children, gap=3)",
        "Section": '(children, title="", collapsible=False)',
        "Stack": (
            '(children, direction="v", gap=3, wrap=None, align="", justify="", sticky=False, '
            'className="")'
        ),
        "Tabs": "(tabs, default_tab=0)",
    },
    "liquid": {
        "Affordance": (
            '(id, label, description="", primary=False, risk="read", '
            "requires_confirmation=False, shortcut=None, payload=<factory>)"
        ),
        "CognitiveContext": (
            '(situation="general", urgency="normal", attention_budget="focused", '
            "modality_hint=None)"
        ),
        "MorphingState": (
            '(context, summary, urgency="normal", risk="read", details=None, '
            "affected_entities=None, metrics=None, affordances=None, cognitive=None, "
            "projection_hints=None, **kwargs)"
        ),
    },
    "signals": {
        "Signal": "(key, default=None)",
        "UISignal": "(key, default=None)",
    },
    "stage": {
        "Stage": (
            "(id, title, content=None, hotkeys=None, receipt=None, telemetry=None, "
            'auto_collapse=True, command=None, status="active", **extra_props)'
        ),
    },
    "theme": {
        "AgencyTheme": '(colors=<factory>, density="default", radius="default")',
        "ColorPair": "(light, dark)",
        "theme": "(ctx=None)",
    },
}

CONSTANTS = {
    "interactive": {"MODAL_SIZES": ("xs", "sm", "md", "lg", "xl", "2xl", "full")},
    "layout": {
        "STACK_DIRECTIONS": {
            "v": "v",
            "vertical": "v",
            "column": "v",
            "col": "v",
            "h": "h",
            "horizontal": "h",
            "row": "h",
        }
    },
    "data": {"STAT_TREND_DIRECTIONS": ("up", "down", "neutral")},
    "feedback": {
        "ALERT_VARIANTS": ("info", "success", "warn", "error"),
        "ALERT_SYNONYMS": {"warning": "warn", "danger": "error", "err": "error", "ok": "success"},
        "TOAST_VARIANTS": ("info", "success", "warn", "error"),
        "TOAST_SYNONYMS": {"warning": "warn", "danger": "error", "err": "error", "ok": "success"},
    },
    "input_components": {
        "FIELD_VARIANTS": ("default", "ghost"),
        "FILEUPLOAD_VARIANTS": ("default", "futuristic", "compact"),
        "INPUT_TYPES": ("text", "password", "email", "number", "url"),
    },
}

CASES = [(module, name) for module, names in SIGNATURES.items() for name in names]


def rendered(fn) -> str:
    sig = inspect.signature(fn)
    params = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    text = str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))
    return text.replace("'", '"')


@pytest.mark.parametrize(("module", "name"), CASES)
def test_signature_matches_the_listing(module, name):
    fn = getattr(importlib.import_module(f"sdk.ui.{module}"), name)
    assert rendered(fn) == SIGNATURES[module][name]


@pytest.mark.parametrize(("module", "name"), CASES)
def test_top_level_name_is_the_submodule_one(module, name):
    if name == "theme":  # `ui.theme` is the (callable) module itself
        assert ui.theme(None) == importlib.import_module("sdk.ui.theme").theme(None)
        return
    assert getattr(ui, name) is getattr(importlib.import_module(f"sdk.ui.{module}"), name)


@pytest.mark.parametrize(
    ("module", "name", "value"),
    [(m, n, v) for m, names in CONSTANTS.items() for n, v in names.items()],
)
def test_constants_match_the_listing(module, name, value):
    assert getattr(importlib.import_module(f"sdk.ui.{module}"), name) == value


def test_modal_sizes_are_also_top_level():
    assert CONSTANTS["interactive"]["MODAL_SIZES"] == ui.MODAL_SIZES


@pytest.mark.parametrize(
    "module", ["data", "display", "feedback", "graph", "input_components", "interactive"]
)
def test_submodules_re_export_the_base_types(module):
    mod = importlib.import_module(f"sdk.ui.{module}")
    assert mod.UINode is ui.UINode
    assert mod.UIAction is ui.UIAction


def test_every_listed_name_is_exported_and_nothing_else():
    listed = {name for names in SIGNATURES.values() for name in names}
    assert set(ui.__all__) == listed | {"MODAL_SIZES"}


def test_imperal_sdk_ui_base_resolves_to_the_same_uinode():
    from sdk import alias

    alias.install()
    from imperal_sdk.ui import Stack
    from imperal_sdk.ui.base import UINode

    assert UINode is ui.UINode
    assert Stack is ui.Stack
