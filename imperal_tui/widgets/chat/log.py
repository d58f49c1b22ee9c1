"""The scrolling conversation; it stays pinned to the newest line while output streams in."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget


class ChatLog(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, widget: Widget) -> Widget:
        await self.mount(widget)
        return widget
