"""Tabs: a tab bar and the active tab's content. Each tab's children are rendered the first time
that tab is shown (a panel with many tabs builds one), then kept, so switching back is instant
and keeps what was typed there. Left/Right (on the focused bar) and 1-9 switch tabs; switching
is local, no action fires (as in the web kit). `default_tab` is an index or a tab `id`."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Tab, Tabs

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.plain.layout import tab_index
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder, render_later


class UiTabPane(Vertical):
    DEFAULT_CSS = """
    UiTabPane { height: auto; padding: 0 0 0 1; }
    """


class UiTabs(Vertical):
    """The bar, then one pane per tab already shown; only the active one is displayed."""

    DEFAULT_CSS = """
    UiTabs { height: auto; }
    UiTabs > Tabs { height: 2; }
    """

    BINDINGS = [Binding(str(n), f"show_tab({n - 1})", f"Tab {n}", show=False) for n in range(1, 10)]

    def __init__(self, entries: list[dict[str, Any]], active: int, ctx: RenderContext) -> None:
        super().__init__()
        self.entries = entries
        self.ctx = ctx
        self.panes: dict[int, UiTabPane] = {}
        labels = [
            Tab(Content(text(e.get("label"), f"Tab {i + 1}")), id=f"tab-{i}")
            for i, e in enumerate(entries)
        ]
        self.bar = Tabs(*labels, active=f"tab-{active}" if entries else None)

    def compose(self):
        yield self.bar

    @property
    def active_index(self) -> int:
        active = self.bar.active
        return int(active.removeprefix("tab-")) if active else -1

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.show(int(event.tab.id.removeprefix("tab-")) if event.tab and event.tab.id else -1)

    def show(self, index: int) -> None:
        """Display tab `index`, rendering its children if it has never been shown."""
        if index not in self.panes and 0 <= index < len(self.entries):
            entry = self.entries[index]
            body = entry.get("content", entry.get("children"))
            self.panes[index] = UiTabPane(*render_later(body, self.ctx, "Tabs"))
            self.mount(self.panes[index])
        for n, pane in self.panes.items():
            pane.display = n == index

    def action_show_tab(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self.bar.active = f"tab-{index}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_tab":
            return (
                bool(parameters)
                and isinstance(parameters[0], int)
                and (parameters[0] < len(self.entries))
            )
        return True


@builder("Tabs")
def tabs(props: dict[str, Any], ctx: RenderContext) -> Widget:
    entries = props.get("tabs") or []
    if not isinstance(entries, list | tuple):
        raise TypeError(f"tabs must be a list, not {type(entries).__name__}")
    if not all(isinstance(e, dict) for e in entries):
        raise TypeError("every tab must be an object with a label and content")
    return UiTabs(list(entries), tab_index(list(entries), props.get("default_tab")), ctx)
