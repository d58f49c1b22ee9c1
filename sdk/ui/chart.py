"""Chart node: line, bar or pie charts of a list of row dicts. Re-exported by `sdk.ui.feedback`."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode
from sdk.ui.choices import flag_props, text_props


def _series(data: list[dict], x_key: str, colors: Any) -> list[dict[str, Any]]:
    """One series per key of the first row other than `x_key`.

    A series gets a colour when `colors` (a mapping of series key to colour) names its key.
    """
    series: list[dict[str, Any]] = []
    keys = data[0].keys()  # rows are dicts; anything else is the caller's error
    for key in keys:
        if key == x_key:
            continue
        entry: dict[str, Any] = {"key": key, "label": key}
        if key in colors:
            entry["color"] = colors[key]
        series.append(entry)
    return series


def Chart(
    data: list[dict],
    type: str = "line",
    x_key: str = "name",
    height: int = 200,
    colors: Any = None,
    y2_keys: list[str] | None = None,
    title: str = "",
    description: str = "",
    show_legend: bool = False,
    show_data_table: bool = False,
) -> UINode:
    """`type` (line, bar, pie) goes on the wire as `chart_type`; `y2_keys` use a second axis."""
    n = UINode("Chart", {"chart_type": type, "data": data, "x_key": x_key, "height": height})
    if colors and data:
        n.props["series"] = _series(data, x_key, colors)
    if y2_keys:
        n.props["y2_keys"] = list(y2_keys)
    n.props.update(text_props(title=title, description=description))
    n.props.update(flag_props(show_legend=show_legend, show_data_table=show_data_table))
    return n
