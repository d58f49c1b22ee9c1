"""Feedback nodes: alerts and progress."""

from __future__ import annotations

from sdk.ui.base import UINode, node


def Alert(message: str, title: str = "", type: str = "info") -> UINode:
    return UINode("Alert", {"message": message, "title": title, "type": type})


def Progress(value: float, label: str = "", variant: str = "bar", color: str = "") -> UINode:
    return node("Progress", {"value": value, "label": label, "variant": variant}, {"color": color})
