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


def TrayResponse(badge: Any = None, panel: Any = None) -> UINode:
    return UINode("TrayResponse", {"badge": badge, "panel": panel})
