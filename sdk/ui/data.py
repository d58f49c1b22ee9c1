"""Data nodes: lists, list items and badges."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Badge(label: str = "", value: Any = None, color: str = "gray") -> UINode:
    return UINode("Badge", {"label": label, "value": value, "color": color})


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
    return node(
        "List",
        {"items": items, "searchable": searchable, "grouped_by": grouped_by},
        {
            "page_size": page_size,
            "on_end_reached": on_end_reached,
            "selectable": selectable,
            "bulk_actions": bulk_actions,
            "total_items": total_items,
            "extra_info": extra_info,
        },
    )
