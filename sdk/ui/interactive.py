"""Interactive nodes: buttons, cards, menus, dialogs, tooltips, links and slide-overs."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Button(
    label: str,
    variant: str = "primary",
    on_click: Any = None,
    disabled: bool = False,
    size: str = "md",
    full_width: bool = False,
    icon: str = "",
) -> UINode:
    return node(
        "Button",
        {"label": label, "variant": variant, "disabled": disabled, "size": size},
        {"full_width": full_width, "on_click": on_click, "icon": icon},
    )


def Card(
    title: str = "",
    subtitle: str = "",
    content: Any = None,
    footer: Any = None,
    on_click: Any = None,
) -> UINode:
    return node(
        "Card",
        {},
        {
            "title": title,
            "subtitle": subtitle,
            "content": content,
            "footer": footer,
            "on_click": on_click,
        },
    )


def Menu(items: list[dict], trigger: Any = None) -> UINode:
    """`items` are `{"label", "icon", "on_click", "separator"}` dicts."""
    return node("Menu", {"items": items}, {"trigger": trigger})


def Dialog(
    title: str,
    content: Any = None,
    confirm_label: str = "Confirm",
    cancel_label: str = "Cancel",
    on_confirm: Any = None,
) -> UINode:
    return node(
        "Dialog",
        {"title": title, "confirm_label": confirm_label, "cancel_label": cancel_label},
        {"content": content, "on_confirm": on_confirm},
    )


def Tooltip(content: str, children: Any = None) -> UINode:
    """`children` is a single node that the tooltip wraps."""
    return node("Tooltip", {"content": content}, {"children": children})


def Link(label: str = "", href: str = "", on_click: Any = None, *, text: str = "") -> UINode:
    """`text=` is an alias of `label=`; `label` wins when both are given."""
    shown = label or text
    if not shown:
        raise TypeError("ui.Link requires a 'label' (or 'text' alias)")
    return node("Link", {"label": shown}, {"href": href, "on_click": on_click})


def SlideOver(
    title: str,
    children: list[Any] | None = None,
    subtitle: str = "",
    open: bool = True,
    width: str = "md",
    on_close: Any = None,
) -> UINode:
    return node(
        "SlideOver",
        {"title": title, "subtitle": subtitle, "open": open, "width": width},
        {"children": children, "on_close": on_close},
    )
