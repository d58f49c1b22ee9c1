"""The left slot: panels stacked and scrollable; up/down move between rows and buttons."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget

from imperal_tui.widgets.panels.view import PanelView


class PanelColumn(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    PanelColumn { width: 30; height: 1fr; padding: 0 1; border-right: vkey $panel-lighten-2; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("escape", "app.focus_prompt", "Prompt"),
    ]

    def views(self) -> list[PanelView]:
        return list(self.query(PanelView))

    def focusables(self) -> list[Widget]:
        return [w for w in self.query("*") if w.focusable]

    def focus_first(self) -> bool:
        targets = self.focusables()
        if targets:
            self.screen.set_focus(targets[0])
        return bool(targets)

    def on_panel_view_focus_lost(self, message: PanelView.FocusLost) -> None:
        """Keep the keyboard in the column: the nearest row of a neighbouring panel."""
        message.stop()
        views = self.views()
        index = views.index(message.view) if message.view in views else 0
        for view in [*reversed(views[:index]), *views[index + 1 :]]:
            targets = view.focusables()
            if targets:
                self.screen.set_focus(targets[-1] if views.index(view) < index else targets[0])
                return
        self.app.action_focus_prompt()

    def action_move(self, step: int) -> None:
        targets = self.focusables()
        if not targets:
            return
        focused = self.app.focused
        if focused in targets:
            index = max(0, min(len(targets) - 1, targets.index(focused) + step))
        else:
            index = 0
        self.screen.set_focus(targets[index])  # now: the next key must see the new focus
