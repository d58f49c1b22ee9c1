"""Every `ui.*` constructor has the documented 5.0.1 signature: names, order, kinds, defaults.

The strings below are the contract's signatures, transcribed; `inspect.signature` must render
each callable the same way (annotations stripped).
"""

from __future__ import annotations

import inspect

import pytest

from sdk import ui

SIGNATURES = {
    # layout
    "Stack": '(children, direction="v", gap=3, wrap=None, align="", justify="", sticky=False, '
    'className="")',
    "Grid": "(children, columns=2, gap=3)",
    "Tabs": "(tabs, default_tab=0)",
    "Page": '(children, title="", subtitle="")',
    "Section": '(children, title="", collapsible=False)',
    "Row": "(children, gap=3)",
    "Column": "(children, gap=3)",
    "Accordion": "(sections, allow_multiple=False)",
    # display
    "Text": '(content, variant="body")',
    "Icon": '(name, size=16, color="")',
    "Header": '(text, level=2, subtitle="")',
    "Image": '(src, alt="", width="", height="", on_click=None, object_fit="", caption="")',
    "Code": '(content, language="", line_numbers=False)',
    "Markdown": "(content)",
    "Empty": '(message="No data", icon="", action=None)',
    "Divider": '(label="")',
    "Html": '(content, sandbox=True, max_height=0, theme="dark")',
    "Video": '(src, poster="", title="", autoplay=False, controls=True, loop=False, '
    'muted=False, width="", height="")',
    "Audio": '(src, title="", controls=True, autoplay=False, loop=False)',
    # interactive
    "Button": '(label, variant="primary", on_click=None, disabled=False, size="md", '
    'full_width=False, icon="")',
    "Card": '(title="", subtitle="", content=None, footer=None, on_click=None)',
    "Menu": "(items, trigger=None)",
    "Dialog": '(title, content=None, confirm_label="Confirm", cancel_label="Cancel", '
    "on_confirm=None)",
    "Tooltip": "(content, children=None)",
    "Link": '(label="", href="", on_click=None, *, text="")',
    "SlideOver": '(title, children=None, subtitle="", open=True, width="md", on_close=None)',
    # input
    "Input": '(placeholder="", on_submit=None, value="", param_name="value", type="text")',
    "Password": '(placeholder="paste value…", on_submit=None, value="", param_name="value")',
    "Form": '(children, action="", submit_label="Submit", defaults=None)',
    "Select": '(options, value="", placeholder="", on_change=None, param_name="value")',
    "MultiSelect": '(options, values=None, placeholder="", param_name="values")',
    "Toggle": '(label="", value=False, on_change=None, param_name="enabled")',
    "Slider": '(min=0, max=100, value=50, step=1, label="", param_name="value")',
    "DatePicker": '(value="", placeholder="Select date", on_change=None, param_name="date")',
    "FileUpload": '(accept="*", max_size_mb=10, multiple=False, on_upload=None, '
    'param_name="files", blocked_extensions=None, max_total_mb=0, max_files=0)',
    "TextArea": '(placeholder="", value="", rows=4, on_submit=None, param_name="text")',
    "RichEditor": '(content="", placeholder="Start writing...", on_save=None, on_change=None, '
    'param_name="content", toolbar=True)',
    "TagInput": '(values=None, suggestions=None, placeholder="Add...", param_name="tags", '
    'on_change=None, grouped_by="", delimiters=None, validate="", validate_message="")',
    # data
    "Badge": '(label="", value=None, color="gray")',
    "Avatar": '(fallback="?", src="", size="md")',
    "Stat": '(label, value, trend="", icon="", color="blue")',
    "Stats": "(children, columns=0)",
    "ListItem": '(id, title, subtitle="", meta="", avatar=None, badge=None, selected=False, '
    'on_click=None, actions=None, draggable=False, droppable=False, on_drop=None, icon="", '
    "expandable=False, expanded_content=None)",
    "List": '(items, searchable=False, grouped_by="", page_size=0, on_end_reached=None, '
    'selectable=False, bulk_actions=None, total_items=0, extra_info="")',
    "DataColumn": '(key, label, sortable=True, width="", editable=False, edit_type="text")',
    "DataTable": "(columns, rows, on_row_click=None, on_cell_edit=None)",
    "Timeline": "(items)",
    "Tree": "(nodes)",
    "KeyValue": "(items, columns=1)",
    # feedback
    "Alert": '(message, title="", type="info")',
    "Progress": '(value, label="", variant="bar", color="")',
    "Chart": '(data, type="line", x_key="name", height=200, colors=None, y2_keys=None)',
    "Loading": '(message="Loading...", variant="spinner")',
    "Error": '(message, title="Error", retry=None)',
    # graph
    "Graph": '(nodes, edges, layout="cose-bilkent", height=600, min_node_size=10.0, '
    'max_node_size=50.0, edge_label_visible=False, color_by="type", on_node_click=None)',
    # actions
    "Call": "(function, **params)",
    "Navigate": "(path)",
    "Send": "(message)",
    "Open": "(url)",
    "TrayResponse": "(badge=None, panel=None)",
    # theme
    "theme": "(ctx=None)",
}


def rendered(fn) -> str:
    sig = inspect.signature(fn)
    params = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    text = str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))
    return text.replace("'", '"')


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_matches_contract(name):
    fn = getattr(ui, name)
    if name == "theme":
        fn = ui.theme.theme
    assert rendered(fn) == SIGNATURES[name]


def test_counts_match_the_contract():
    # Layout 8, Display 11, Interactive 7, Input 12, Data 11, Feedback 5, Graph 1,
    # Actions 4 + TrayResponse, Theme 3.
    assert len(SIGNATURES) - 1 == 8 + 11 + 7 + 12 + 11 + 5 + 1 + 4 + 1
    assert {"ColorPair", "AgencyTheme", "theme"} <= set(ui.__all__)
    assert set(SIGNATURES) | {"ColorPair", "AgencyTheme", "UINode", "UIAction"} == set(ui.__all__)


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("layout", "Stack Grid Tabs Page Section Row Column Accordion"),
        ("display", "Text Icon Header Image Code Markdown Empty Divider Html Video Audio"),
        ("interactive", "Button Card Menu Dialog Tooltip Link SlideOver"),
        (
            "input_components",
            "Input Password Form Select MultiSelect Toggle Slider DatePicker FileUpload "
            "TextArea RichEditor TagInput",
        ),
        (
            "data",
            "Badge Avatar Stat Stats ListItem List DataColumn DataTable Timeline Tree KeyValue",
        ),
        ("feedback", "Alert Progress Chart Loading Error"),
        ("graph", "Graph"),
        ("actions", "Call Navigate Send Open TrayResponse"),
        ("theme", "ColorPair AgencyTheme theme"),
        ("base", "UINode UIAction"),
    ],
)
def test_submodules_hold_their_components(module, names):
    import importlib

    mod = importlib.import_module(f"sdk.ui.{module}")
    for name in names.split():
        assert getattr(mod, name) is getattr(ui, name) or name == "theme", (module, name)


def test_imperal_sdk_ui_base_resolves_to_the_same_uinode():
    from sdk import alias

    alias.install()
    from imperal_sdk.ui import Stack
    from imperal_sdk.ui.base import UINode

    assert UINode is ui.UINode
    assert Stack is ui.Stack
