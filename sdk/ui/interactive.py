"""Interactive nodes: buttons, cards, menus, modals and dialogs, tooltips, links, slide-overs."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode, node
from sdk.ui.modal import MODAL_SIZES, Dialog, Modal

__all__ = [
    "UIAction",
    "UINode",
    "MODAL_SIZES",
    "BackButton",
    "Button",
    "Card",
    "Dialog",
    "Link",
    "Menu",
    "Modal",
    "SlideOver",
    "Tooltip",
]


def Button(
    label: str,
    variant: str = "primary",
    on_click: Any = None,
    disabled: bool = False,
    size: str = "md",
    full_width: bool = False,
    icon: str = "",
    icon_left: str = "",
    icon_right: str = "",
    loading: bool = False,
    loading_label: str = "",
    type: str = "",
) -> UINode:
    """`loading` shows a spinner (and `loading_label`); `type` is the HTML button type."""
    return node(
        "Button",
        {"label": label, "variant": variant, "disabled": disabled, "size": size},
        {
            "full_width": full_width,
            "on_click": on_click,
            "icon": icon,
            "icon_left": icon_left,
            "icon_right": icon_right,
            "loading": bool(loading),
            "loading_label": loading_label,
            "type": type,
        },
    )


def BackButton(to: Any = "", on_click: Any = None, *, label: str = "") -> UINode:
    """A small ghost Button reading "← Back" (or "← Back to <to>"); `label` replaces the text."""
    text = label or (f"← Back to {to}" if to else "← Back")
    return Button(text, variant="ghost", on_click=on_click, size="sm")


def Card(
    title: str = "",
    subtitle: str = "",
    content: Any = None,
    footer: Any = None,
    on_click: Any = None,
    border: Any = None,
    padding: str = "",
) -> UINode:
    """`border` goes on the wire whenever it is given (False removes the frame)."""
    n = node(
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
    if border is not None:
        n.props["border"] = border
    if padding:
        n.props["padding"] = padding
    return n


def Menu(items: list[dict], trigger: Any = None, align: str = "") -> UINode:
    """`items` are `{"label", "icon", "on_click", "separator"}` dicts."""
    return node("Menu", {"items": items}, {"trigger": trigger, "align": align})


def Tooltip(content: str, children: Any = None, delay_ms: int = 0) -> UINode:
    """`children` is a single node that the tooltip wraps."""
    return node("Tooltip", {"content": content}, {"children": children, "delay_ms": delay_ms})


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
