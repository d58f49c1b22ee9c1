"""One extension panel: renders its ui tree and re-renders it in place when its data changes."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from imperal_tui.renderer import RenderContext, render_tree
from imperal_tui.renderer.fallback import NodeError
from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.panels.bounded import MAX_NODES, bound_tree, count_nodes


class PanelView(Vertical):
    DEFAULT_CSS = """
    PanelView { height: auto; margin-bottom: 1; }
    PanelView > .panel-loading { color: $text-muted; }
    PanelView > .panel-cut { color: $warning; }
    """

    class FocusLost(Message):
        """The focused row went away and the panel has nothing else to focus."""

        def __init__(self, view: PanelView) -> None:
            super().__init__()
            self.view = view

    class Changed(Message):
        """A re-render showed something new (the column brings its tab to the front)."""

        def __init__(self, view: PanelView) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self, app_id: str, panel_id: str, title: str = "", *, max_nodes: int = MAX_NODES
    ) -> None:
        super().__init__(classes=f"panel-{app_id}")
        self.app_id = app_id
        self.panel_id = panel_id
        self.title = title or panel_id
        self.params: dict[str, Any] = {}
        self.renders = 0
        self.render_lock = asyncio.Lock()  # one render at a time, shown in the order asked
        self.render_queued = False  # a render is waiting for the lock: later asks join it
        self.max_nodes = max_nodes  # a bigger tree shows its first nodes and a note
        self.dropped = 0  # nodes of the last tree left out
        self._shown: Any = None  # what the last render drew (bounded), to tell a change

    def compose(self):
        yield Static(f"{neutralise(self.title)}: loading…", markup=False, classes="panel-loading")

    async def show(self, tree: Any) -> None:
        """Replace the panel's content with `tree`, keeping keyboard focus on the same row.
        A tree bigger than `max_nodes` shows its first nodes and a line saying how many more."""
        focus_index = self._focus_index()
        if count_nodes(tree, limit=self.max_nodes + 1) > self.max_nodes:
            bounded = await asyncio.to_thread(bound_tree, tree, self.max_nodes)  # UI stays live
        else:
            bounded = bound_tree(tree, self.max_nodes)
        self.dropped = bounded.dropped
        changed = self.renders > 0 and (bounded.tree, bounded.dropped) != self._shown
        self._shown = (bounded.tree, bounded.dropped)
        widget = render_tree(bounded.tree, RenderContext(self.app_id, self.panel_id))
        with self.app.batch_update():
            await self.remove_children()
            try:
                await self.mount(widget)
            except Exception as exc:  # a widget that cannot mount: keep the panel slot usable
                await self.mount(NodeError("panel", f"{type(exc).__name__}: {exc}"))
            if bounded.dropped:
                note = f"… {bounded.dropped:,} more nodes not shown (first {bounded.kept:,})"
                await self.mount(Static(note, markup=False, classes="panel-cut"))
        self.renders += 1
        if changed:
            self.post_message(self.Changed(self))
        if focus_index is not None:
            focusable = self.focusables()
            if focusable:
                focusable[min(focus_index, len(focusable) - 1)].focus()
            else:
                self.post_message(self.FocusLost(self))

    def focusables(self) -> list:
        return [w for w in self.query("*") if w.focusable]

    def _focus_index(self) -> int | None:
        focused = self.app.focused
        if focused is None:
            return None
        for index, widget in enumerate(self.focusables()):
            if widget is focused:
                return index
        return None
