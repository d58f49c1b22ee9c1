"""Feedback nodes: alerts, progress, charts, loading and error states."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Alert(message: str, title: str = "", type: str = "info") -> UINode:
    """`type` is one of info, success, warn, error."""
    return UINode("Alert", {"message": message, "title": title, "type": type})


def Progress(value: float, label: str = "", variant: str = "bar", color: str = "") -> UINode:
    return node("Progress", {"value": value, "label": label, "variant": variant}, {"color": color})


def _series(data: list[dict], x_key: str, colors: Any) -> list[dict[str, Any]]:
    """One series per key of the first row other than `x_key`, coloured from `colors`.

    `colors` may map series keys to colours or list colours in series order; a series
    without a colour leaves the key out.
    """
    series: list[dict[str, Any]] = []
    keys = [k for k in data[0] if k != x_key] if isinstance(data[0], dict) else []
    for index, key in enumerate(keys):
        entry: dict[str, Any] = {"key": key, "label": key}
        if isinstance(colors, dict):
            color = colors.get(key)
        elif isinstance(colors, list | tuple):
            color = colors[index] if index < len(colors) else None
        else:
            color = None
        if color:
            entry["color"] = color
        series.append(entry)
    return series


def Chart(
    data: list[dict],
    type: str = "line",
    x_key: str = "name",
    height: int = 200,
    colors: Any = None,
    y2_keys: list[str] | None = None,
) -> UINode:
    """`type` (line, bar, pie) goes on the wire as `chart_type`."""
    n = UINode("Chart", {"chart_type": type, "data": data, "x_key": x_key, "height": height})
    if colors and data:
        n.props["series"] = _series(data, x_key, colors)
    if y2_keys:
        n.props["y2_keys"] = y2_keys
    return n


def Loading(message: str = "Loading...", variant: str = "spinner") -> UINode:
    return UINode("Loading", {"message": message, "variant": variant})


def Error(message: str, title: str = "Error", retry: Any = None) -> UINode:
    return node("Error", {"message": message, "title": title}, {"retry": retry})
