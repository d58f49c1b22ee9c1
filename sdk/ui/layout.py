"""Layout nodes: stacks and sections that hold other nodes."""

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


def Row(children: list[Any], gap: int = 3) -> UINode:
    return UINode("Stack", {"children": children, "direction": "h", "gap": gap})


def Column(children: list[Any], gap: int = 3) -> UINode:
    return UINode("Stack", {"children": children, "direction": "v", "gap": gap})


def Section(children: list[Any], title: str = "", collapsible: bool = False) -> UINode:
    return node("Section", {"children": children, "collapsible": collapsible}, {"title": title})


def Page(children: list[Any], title: str = "", subtitle: str = "") -> UINode:
    return node("Page", {"children": children}, {"title": title, "subtitle": subtitle})
