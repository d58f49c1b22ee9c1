"""UI actions: what a button or list item does when chosen."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode


def Call(function: str, **params: Any) -> UIAction:
    return UIAction("call", {"function": function, "params": params})


def Navigate(path: str) -> UIAction:
    return UIAction("navigate", {"path": path})


def Send(message: str) -> UIAction:
    return UIAction("send", {"message": message})


def Open(url: str) -> UIAction:
    return UIAction("open", {"url": url})


# Tray icon colours a tray answer may set, by the exact name an extension uses.
TRAY_ICON_COLORS = {
    "default": "default",
    "primary": "primary",
    "blue": "primary",
    "success": "success",
    "green": "success",
    "warning": "warning",
    "yellow": "warning",
    "amber": "warning",
    "danger": "danger",
    "red": "danger",
    "muted": "muted",
    "gray": "muted",
    "grey": "muted",
}


def TrayResponse(badge: Any = None, panel: Any = None, icon_color: Any = None) -> UINode:
    """A tray's answer: its badge, the panel it opens, and optionally its icon colour.

    A colour this shell does not know is left out rather than failing the tray.
    """
    try:
        color = TRAY_ICON_COLORS.get(icon_color)
    except TypeError:
        raise TypeError(
            f"ui.TrayResponse: icon_color must be a colour name, not {type(icon_color).__name__}"
        ) from None
    return UINode("TrayResponse", {"badge": badge, "panel": panel, "icon_color": color})
