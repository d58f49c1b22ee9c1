"""Data nodes: badges, avatars, stats, lists, tables, timelines, trees and key-value grids."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode, node  # noqa: F401 (UIAction is re-exported, as documented)
from sdk.ui.choices import choose

STAT_TREND_DIRECTIONS = ("up", "down", "neutral")


def Badge(
    label: str = "", value: Any = None, color: str = "gray", size: str = "", dot: bool = False
) -> UINode:
    """`value` is dropped from the wire when it is None; `dot` draws a status dot."""
    return node(
        "Badge",
        {"label": label, "value": value, "color": color},
        {"size": size, "dot": bool(dot)},
    )


def Avatar(fallback: str = "?", src: str = "", size: str = "md") -> UINode:
    return UINode("Avatar", {"fallback": fallback, "src": src, "size": size})


def Stat(
    label: str,
    value: Any,
    trend: str = "",
    icon: str = "",
    color: str = "blue",
    description: str = "",
    trend_direction: str = "",
) -> UINode:
    """`trend_direction` (up, down, neutral) colours the trend; it is checked when set."""
    n = node(
        "Stat",
        {"label": label, "value": value, "trend": trend, "icon": icon, "color": color},
        {"description": description},
    )
    if trend_direction:
        n.props["trend_direction"] = choose(
            "Stat", "trend_direction", trend_direction, STAT_TREND_DIRECTIONS
        )
    return n


def Stats(children: list[Any], columns: int = 0) -> UINode:
    n = UINode("Stats", {"children": children})
    if columns > 0:
        n.props["columns"] = columns
    return n


def ListItem(
    id: str,
    title: str,
    subtitle: str = "",
    meta: str = "",
    avatar: Any = None,
    badge: Any = None,
    selected: bool = False,
    on_click: Any = None,
    actions: list[dict] | None = None,
    draggable: bool = False,
    droppable: bool = False,
    on_drop: Any = None,
    icon: str = "",
    expandable: bool = False,
    expanded_content: Any = None,
) -> UINode:
    """`actions` are hover actions: `[{"icon", "on_click", "confirm"}]`."""
    return node(
        "ListItem",
        {"id": id, "title": title},
        {
            "subtitle": subtitle,
            "meta": meta,
            "avatar": avatar,
            "badge": badge,
            "selected": selected,
            "on_click": on_click,
            "actions": actions,
            "draggable": draggable,
            "droppable": droppable,
            "on_drop": on_drop,
            "icon": icon,
            "expandable": expandable,
            "expanded_content": expanded_content,
        },
    )


def List(
    items: list[Any],
    searchable: bool = False,
    grouped_by: str = "",
    page_size: int = 0,
    on_end_reached: Any = None,
    selectable: bool = False,
    bulk_actions: list[dict] | None = None,
    total_items: int = 0,
    extra_info: str = "",
    title: str = "",
    empty_text: str = "",
    search_placeholder: str = "",
    max_height: int = 0,
) -> UINode:
    """`bulk_actions` are `{"label", "icon", "action"}`; selected ids arrive as `message_ids`."""
    n = node(
        "List",
        {"items": items, "searchable": searchable, "grouped_by": grouped_by},
        {
            "on_end_reached": on_end_reached,
            "selectable": selectable,
            "bulk_actions": bulk_actions,
            "extra_info": extra_info,
            "title": title,
            "empty_text": empty_text,
            "search_placeholder": search_placeholder,
            "max_height": max_height,
        },
    )
    if page_size > 0:
        n.props["page_size"] = page_size
    if total_items > 0:
        n.props["total_items"] = total_items
    return n


def DataColumn(
    key: str,
    label: str,
    sortable: bool = True,
    width: str = "",
    editable: bool = False,
    edit_type: str = "text",
) -> dict[str, Any]:
    """A DataTable column. Not a node: a plain dict `{key, label, sortable, ...}`."""
    column: dict[str, Any] = {"key": key, "label": label, "sortable": sortable}
    if width:
        column["width"] = width
    if editable:
        column["editable"] = True
        column["edit_type"] = edit_type
    return column


def DataTable(
    columns: list[Any],
    rows: list[dict],
    on_row_click: Any = None,
    on_cell_edit: Any = None,
    empty_text: str = "",
    max_height: int = 0,
    sticky_header: bool = False,
) -> UINode:
    return node(
        "DataTable",
        {"columns": columns, "rows": rows},
        {
            "on_row_click": on_row_click,
            "on_cell_edit": on_cell_edit,
            "empty_text": empty_text,
            "max_height": max_height,
            "sticky_header": bool(sticky_header),
        },
    )


def Timeline(items: list[dict]) -> UINode:
    """`items` are `{"title", "description", "time", "icon", "color"}` dicts."""
    return UINode("Timeline", {"items": items})


def Tree(nodes: list[dict], label: str = "") -> UINode:
    """`nodes` are `{"id", "label", "children", ...}` dicts; `label` titles the tree."""
    return node("Tree", {"nodes": nodes}, {"label": label})


def KeyValue(items: list[dict], columns: int = 1) -> UINode:
    """`items` are `{"key", "value"}` dicts."""
    return UINode("KeyValue", {"items": items, "columns": columns})
