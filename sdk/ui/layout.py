"""Layout nodes: stacks, grids, tabs, pages, sections and accordions that hold other nodes."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node

# Every spelling of a stack direction an extension may use, and the wire letter it becomes.
STACK_DIRECTIONS = {
    "v": "v",
    "vertical": "v",
    "column": "v",
    "col": "v",
    "h": "h",
    "horizontal": "h",
    "row": "h",
}


def _direction(direction: Any) -> str:
    key = direction.strip().lower() if isinstance(direction, str) else direction
    if isinstance(key, str) and key in STACK_DIRECTIONS:
        return STACK_DIRECTIONS[key]
    allowed = ", ".join(repr(k) for k in STACK_DIRECTIONS)
    raise ValueError(f"ui.Stack: direction={direction!r} is not one of {allowed}")


def Stack(
    children: list[Any],
    direction: str = "v",
    gap: int = 3,
    wrap: bool | None = None,
    align: str = "",
    justify: str = "",
    sticky: bool = False,
    className: str = "",
) -> UINode:
    """`direction` accepts "v"/"h" and their long forms ("vertical", "row", ...)."""
    n = node(
        "Stack",
        {"children": children, "direction": _direction(direction), "gap": gap},
        {"align": align, "justify": justify, "sticky": sticky, "className": className},
    )
    if wrap is not None:
        n.props["wrap"] = wrap
    return n


def Grid(children: list[Any], columns: int = 2, gap: int = 3, className: str = "") -> UINode:
    return node(
        "Grid", {"children": children, "columns": columns, "gap": gap}, {"className": className}
    )


def Tabs(tabs: list[dict], default_tab: int = 0) -> UINode:
    """`tabs` are `{"label": str, "content": node}` dicts."""
    return UINode("Tabs", {"tabs": tabs, "default_tab": default_tab})


def Page(children: list[Any], title: str = "", subtitle: str = "") -> UINode:
    return node("Page", {"children": children}, {"title": title, "subtitle": subtitle})


def Section(children: list[Any], title: str = "", collapsible: bool = False) -> UINode:
    return node("Section", {"children": children, "collapsible": collapsible}, {"title": title})


def Row(children: list[Any], gap: int = 3) -> UINode:
    """A horizontal Stack (the wire type is "Stack")."""
    return UINode("Stack", {"children": children, "direction": "h", "gap": gap})


def Column(children: list[Any], gap: int = 3) -> UINode:
    """A vertical Stack (the wire type is "Stack")."""
    return UINode("Stack", {"children": children, "direction": "v", "gap": gap})


def Accordion(sections: list[dict], allow_multiple: bool = False) -> UINode:
    """`sections` are `{"id", "title", "children"}` dicts."""
    return UINode("Accordion", {"sections": sections, "allow_multiple": allow_multiple})
