"""Data nodes: KeyValue. (List and ListItem are `list_view.UiList`.)"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder


@builder("KeyValue")
def key_value(props: dict[str, Any], ctx: RenderContext) -> Widget:
    lines: list[str | tuple[str, str]] = []
    for entry in props.get("items") or []:
        if isinstance(entry, dict):
            if lines:
                lines.append("\n")
            lines += [(f"{text(entry.get('key'))}: ", "$text-muted"), text(entry.get("value"))]
    return Static(Content.assemble(*lines))
