"""A node drawn by its plain-text projection, re-laid out at whatever width it gets.

The TUI uses it for node types that have no widget of their own (tables, trees, charts, inputs,
canvases, intent states, ...): they read the same in the panel as on a headless stdout.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from imperal_tui.renderer import plain


class PlainNode(Widget):
    DEFAULT_CSS = """
    PlainNode { height: auto; width: 1fr; }
    """

    def __init__(self, node: dict[str, Any]) -> None:
        super().__init__()
        self.node = node
        self.kind = str(node.get("type"))

    def lines(self, width: int) -> list[str]:
        return plain.lines(self.node, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width or 80)) or 1

    def render(self) -> Content:
        return Content("\n".join(self.lines(self.content_size.width or 80)))
