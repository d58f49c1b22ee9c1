"""SVG snapshots of one panel per node family at 80x24 and 120x40: layout (tabs, accordion),
charts, media (image, html, markdown), overlays (modal over a slide-over, a toast), inputs
(FileUpload, RichEditor), live (Stage, MorphingState). Fixed data: no clock, ids or paths.

Update after an intended change with
`pytest tests/tui/test_snapshots_nodes.py --snapshot-update` and look at the SVGs first.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, TextArea

from imperal_tui.renderer import RenderContext, render_tree
from sdk import ui

SIZES = [(80, 24), (120, 40)]
WEEK = [
    {"name": "mon", "visits": 12, "signups": 3},
    {"name": "tue", "visits": 30, "signups": 7},
    {"name": "wed", "visits": 21, "signups": 4},
    {"name": "thu", "visits": 44, "signups": 12},
    {"name": "fri", "visits": 8, "signups": "n/a"},
]
PIXEL = "data:image/png;base64,iVBORw0KGgo="  # bytes no decoder reads: alt text is shown

FAMILIES = {
    "layout": ui.Page(
        [
            ui.Tabs(
                [
                    {"label": "Overview", "content": ui.Text("Three projects are on track.")},
                    {"label": "Risks", "content": ui.Text("none")},
                    {"label": "Notes", "content": ui.Text("none")},
                ]
            ),
            ui.Accordion(
                [
                    {"id": "q", "title": "Questions", "children": [ui.Text("Who owns the API?")]},
                    {"id": "d", "title": "Decisions", "children": [ui.Text("Ship on Friday")]},
                ]
            ),
        ],
        title="Project",
    ),
    "charts": ui.Stack(
        [
            ui.Chart(WEEK, "bar", title="Visits and signups"),
            ui.Chart(WEEK, "line", title="Trend"),
            ui.Chart(WEEK, "pie", title="Share of visits", colors={"visits": "blue"}),
        ]
    ),
    "media": ui.Stack(
        [
            ui.Image("https://example.test/cat.png", alt="A cat on a mat", caption="Tom"),
            ui.Image(PIXEL, alt="Inline logo"),
            ui.Html(
                "<h3>Release notes</h3><p>Fixed <b>two</b> bugs. See "
                "<a href='https://example.test/log'>the log</a>.</p><ul><li>faster start</li>"
                "<li>no crash on resize</li></ul><script>alert(1)</script>"
            ),
            ui.Markdown("**Markdown** still works: `code` and a [link](https://example.test)."),
        ]
    ),
    "overlays": ui.Stack(
        [
            ui.Text("The panel under the overlays"),
            ui.Toast("Saved 3 notes", "success", title="Notes", duration=0),
            ui.SlideOver("Note details", [ui.Text("Created by ann")], subtitle="note-7"),
            ui.Modal(
                "Delete 3 notes?",
                ui.Text("This cannot be undone."),
                "Delete",
                on_confirm=ui.Call("delete_notes"),
                destructive=True,
            ),
        ]
    ),
    "inputs": ui.Form(
        [
            ui.RichEditor("<p>Dear team,</p>", param_name="body", on_save=ui.Call("save")),
            ui.FileUpload(
                accept=".pdf,.txt", max_size_mb=5, title="Attach a file", hint="One file"
            ),
        ],
        action="send_mail",
        submit_label="Send",
    ),
    "live": ui.Stack(
        [
            ui.Stage(
                "import",
                "Import contacts",
                [ui.Progress(60, "rows"), ui.Text("1,200 of 2,000 rows")],
                hotkeys={"c": "cancel_import"},
                status="running",
            ),
            ui.MorphingState(
                "inbox",
                "3 unread from your manager",
                urgency="elevated",
                metrics={"unread": 3},
                affordances=[
                    ui.Affordance("open_inbox", "Open", primary=True),
                    ui.Affordance("archive_all", "Archive all", risk="destructive", shortcut="a"),
                ],
            ),
        ]
    ),
}


class PanelApp(App):
    def __init__(self, tree: dict) -> None:
        super().__init__()
        self.ui_tree = tree

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield render_tree(self.ui_tree, RenderContext("demo"))


async def _still(pilot) -> None:
    await pilot.pause()
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_node_family_panel(family, size, snap_compare):
    app = PanelApp(FAMILIES[family].to_dict())
    assert snap_compare(app, terminal_size=size, run_before=_still)
