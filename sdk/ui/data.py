"""Data nodes: badges, avatars, stats, lists, tables, timelines, trees and key-value grids."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Badge(label: str = "", value: Any = None, color: str = "gray") -> UINode:
    """`value` is dropped from the wire when it is None."""
    return UINode("Badge", {"label": label, "value": value, "color": color})


def Avatar(fallback: str = "?", src: str = "", size: str = "md") -> UINode:
    return UINode("Avatar", {"fallback": fallback, "src": src, "size": size})


def Stat(label: str, value: Any, trend: str = "", icon: str = "", color: str = "blue") -> UINode:
    return UINode(
        "Stat", {"label": label, "value": value, "trend": trend, "icon": icon, "color": color}
    )


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
) -> UINode:
    return node(
        "DataTable",
        {"columns": columns, "rows": rows},
        {"on_row_click": on_row_click, "on_cell_edit": on_cell_edit},
    )


def Timeline(items: list[dict]) -> UINode:
    """`items` are `{"title", "description", "time", "icon", "color"}` dicts."""
    return UINode("Timeline", {"items": items})


def Tree(nodes: list[dict]) -> UINode:
    """`nodes` are `{"id", "label", "children", ...}` dicts."""
    return UINode("Tree", {"nodes": nodes})


def KeyValue(items: list[dict], columns: int = 1) -> UINode:
    """`items` are `{"key", "value"}` dicts."""
    return UINode("KeyValue", {"items": items, "columns": columns})
