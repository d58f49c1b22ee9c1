"""SVG snapshots of a List panel at 80x24 and 120x40: title, search bar, selection with the bulk
bar, badges, an expanded row, a group header and the cursor (fixed data, nothing random).

Update after an intended change with
`pytest tests/tui/test_snapshots_list.py --snapshot-update` and look at the SVGs first.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from imperal_tui.renderer import RenderContext, render_tree
from imperal_tui.renderer.list_view import UiList


def _item(i: int) -> dict:
    props = {
        "id": f"m{i}",
        "title": f"Quarterly report draft {i}",
        "subtitle": f"from colleague{i}@example.com",
        "meta": f"{9 + i % 8}:00",
        "folder": "Today" if i < 3 else "Earlier",
        "on_click": {"action": "call", "function": "open_mail", "params": {"id": f"m{i}"}},
    }
    if i % 3 == 0:
        props["badge"] = {"type": "Badge", "props": {"label": "new", "color": "blue"}}
    if i == 1:
        props["expandable"] = True
        props["expanded_content"] = [
            {"type": "Text", "props": {"content": "Numbers attached; please review by Friday."}}
        ]
        props.pop("on_click")
    return {"type": "ListItem", "props": props}


LIST = {
    "type": "List",
    "props": {
        "title": "Inbox",
        "items": [_item(i) for i in range(40)],
        "searchable": True,
        "selectable": True,
        "grouped_by": "folder",
        "bulk_actions": [
            {"label": "Archive", "action": {"action": "call", "function": "archive"}},
            {"label": "Delete", "action": {"action": "call", "function": "delete"}},
        ],
        "total_items": 120,
        "extra_info": "(unread first)",
    },
}


class ListPanel(App):
    CSS = "VerticalScroll { border: round $panel-lighten-2; }"

    def __init__(self, panel_id: str) -> None:
        super().__init__()
        self.panel_id = panel_id  # one per test: a panel's cursor is remembered

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield render_tree(LIST, RenderContext("mail", self.panel_id))


async def _select_and_expand(pilot) -> None:
    rows = pilot.app.query_one(UiList)
    rows.focus()
    await pilot.pause()
    await pilot.press("space", "down", "right", "down", "space")
    await pilot.pause()


def test_list_panel_80x24(snap_compare):
    assert snap_compare(
        ListPanel("inbox-80"), terminal_size=(80, 24), run_before=_select_and_expand
    )


async def _search(pilot) -> None:
    await _select_and_expand(pilot)
    await pilot.press("escape", "slash", *"draft 1")
    await pilot.pause()


def test_list_panel_searching_120x40(snap_compare):
    assert snap_compare(ListPanel("inbox-120"), terminal_size=(120, 40), run_before=_search)
