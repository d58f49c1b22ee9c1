"""Data nodes: List, ListItem, KeyValue. List rows are focusable: Enter fires `on_click`,
and the row's own actions get keys (d delete, e edit), shown in the footer when focused."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.display import badge_content
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

# Row actions by icon: which key fires them.
ACTION_KEYS = {
    "trash": "delete",
    "trash2": "delete",
    "delete": "delete",
    "x": "delete",
    "pencil": "edit",
    "edit": "edit",
}


class UiList(Vertical):
    DEFAULT_CSS = """
    UiList { height: auto; }
    UiList > .ui-list-title { color: $text-muted; text-style: bold; }
    UiList > .ui-list-empty { color: $text-muted; }
    """


class UiListItem(Widget, can_focus=True):
    """One row: title (and badge), then a dim line with subtitle and meta."""

    DEFAULT_CSS = """
    UiListItem { height: auto; width: 1fr; padding: 0 0 0 1; }
    UiListItem.-selected { text-style: bold; }
    UiListItem:hover { background: $boost; }
    UiListItem:focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("enter", "activate", "Open"),
        Binding("d,delete", "row_action('delete')", "Delete"),
        Binding("e", "row_action('edit')", "Edit"),
    ]

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__(classes="-selected" if flag(props.get("selected")) else "")
        self.props = props
        self.ctx = ctx
        self.item_id = text(props.get("id"))
        self.title = text(props.get("title"))
        self.row_actions: dict[str, dict[str, Any]] = {}
        for entry in props.get("actions") or []:
            if isinstance(entry, dict) and is_action(entry.get("on_click")):
                key = ACTION_KEYS.get(text(entry.get("icon")).replace("-", "").lower())
                if key and key not in self.row_actions:
                    self.row_actions[key] = entry["on_click"]
        self._content = self._build_content()

    def _build_content(self) -> Content:
        props = self.props
        lead = "▸ " if is_action(props.get("on_click")) else "  "
        if props.get("icon"):
            lead += glyph(props.get("icon")) + " "
        parts: list[str | Content | tuple[str, str]] = [lead, self.title]
        badge = props.get("badge")
        if isinstance(badge, dict) and isinstance(badge.get("props"), dict):
            parts += [" ", badge_content(badge["props"])]
        detail = " · ".join(
            v for v in (text(props.get("subtitle")), text(props.get("meta"))) if v.strip()
        )
        if detail:
            parts.append(("\n  " + detail, "$text-muted"))
        return Content.assemble(*parts)

    def render(self) -> Content:
        return self._content

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "activate":
            return is_action(self.props.get("on_click"))
        if action == "row_action":
            return bool(parameters) and parameters[0] in self.row_actions
        return True

    def action_activate(self) -> None:
        on_click = self.props.get("on_click")
        if is_action(on_click):
            self.post_message(UiAction(self.ctx.app_id, on_click))

    def action_row_action(self, key: str) -> None:
        if key in self.row_actions:
            self.post_message(UiAction(self.ctx.app_id, self.row_actions[key]))

    def on_click(self) -> None:
        self.action_activate()


@builder("List")
def list_node(props: dict[str, Any], ctx: RenderContext) -> Widget:
    items = props.get("items") or []
    if not isinstance(items, list | tuple):
        raise TypeError(f"items must be a list, not {type(items).__name__}")
    rows: list[Widget] = []
    title = text(props.get("title"))
    if title:
        rows.append(Static(title.upper(), markup=False, classes="ui-list-title"))
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("props"), dict):
            item = item["props"]  # a ListItem node; plain dicts are accepted as rows too
        if not isinstance(item, dict):
            raise TypeError(f"a list item must be an object, not {type(item).__name__}")
        rows.append(UiListItem(item, ctx))
    if not items:
        empty = text(props.get("empty_text"), "No items")
        rows.append(Static(empty, markup=False, classes="ui-list-empty"))
    return UiList(*rows)


@builder("ListItem")
def list_item(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiListItem(props, ctx)


@builder("KeyValue")
def key_value(props: dict[str, Any], ctx: RenderContext) -> Widget:
    lines: list[str | tuple[str, str]] = []
    for entry in props.get("items") or []:
        if isinstance(entry, dict):
            if lines:
                lines.append("\n")
            lines += [(f"{text(entry.get('key'))}: ", "$text-muted"), text(entry.get("value"))]
    return Static(Content.assemble(*lines))
