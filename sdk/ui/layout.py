"""Layout nodes: stacks, grids, tabs, pages, sections and accordions that hold other nodes."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


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
    n = node(
        "Stack",
        {"children": children, "direction": direction, "gap": gap},
        {"align": align, "justify": justify, "sticky": sticky, "className": className},
    )
    if wrap is not None:
        n.props["wrap"] = wrap
    return n


def Grid(children: list[Any], columns: int = 2, gap: int = 3) -> UINode:
    return UINode("Grid", {"children": children, "columns": columns, "gap": gap})


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
