"""A side slot (left or right): its panels, scrollable; one tab per extension when several
extensions share the slot. The slot can be collapsed, and starts collapsed on a narrow screen.

A panel behind another tab that changes (a write re-rendered it) comes to the front, unless
the keyboard is in the column. Keys inside the slot: up/down move between rows and buttons (past the last row of a tab into
the next tab), `[` / `]` switch tabs, Esc goes back to the prompt. The tab strip itself takes
focus with Tab, and left/right on it switch tabs too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget

from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.panels.view import PanelView

# Below this many columns of terminal a slot starts collapsed (the chat needs the room).
COLLAPSE_BELOW = {"left": 60, "right": 110}


class PanelStack(VerticalScroll, can_focus=False):
    """The panels of one extension in one slot, one under the other."""

    DEFAULT_CSS = """
    PanelStack { height: 1fr; }
    """

    def __init__(self, app_id: str, views: Sequence[PanelView]) -> None:
        super().__init__(*views)
        self.app_id = app_id

    def views(self) -> list[PanelView]:
        return list(self.query(PanelView))

    def focusables(self) -> list[Widget]:
        return [w for w in self.query("*") if w.focusable]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # up/down belong to the column (row to row, tab to tab), not to scrolling this stack
        return action not in ("scroll_up", "scroll_down")


class PanelColumn(Vertical, can_focus=False):
    SCOPED_CSS = False  # the width follows the screen's breakpoint class
    DEFAULT_CSS = """
    PanelColumn { width: 30; height: 1fr; padding: 0 1; }
    PanelColumn.-left { border-right: vkey $panel-lighten-2; }
    PanelColumn.-right { border-left: vkey $panel-lighten-2; }
    PanelColumn.-collapsed, PanelColumn.-empty { display: none; }
    Screen.-wide PanelColumn { width: 34; }
    Screen.-roomy PanelColumn { width: 44; }
    PanelColumn TabbedContent { height: 1fr; }
    PanelColumn TabPane { padding: 0; height: 1fr; }
    PanelColumn ContentSwitcher { height: 1fr; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", show=False),
        Binding("escape", "app.focus_prompt", "Prompt"),
    ]

    def __init__(self, slot: str = "left", *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{slot} -empty")
        self.slot = slot

    def on_mount(self) -> None:
        self._narrow = self.app.size.width < COLLAPSE_BELOW.get(self.slot, 0)
        self.set_class(self._narrow, "-collapsed")

    def follow_width(self, width: int) -> None:
        """The terminal was resized: crossing the slot's threshold collapses or shows it (a
        toggle by hand holds until the next crossing)."""
        narrow = width < COLLAPSE_BELOW.get(self.slot, 0)
        if narrow == getattr(self, "_narrow", narrow):
            return
        self._narrow = narrow
        if narrow != self.collapsed:
            self.toggle()

    # --- content ---------------------------------------------------------------------------
    async def set_views(self, views: Sequence[PanelView]) -> None:
        """Show `views` (in order): one stack, or one tab per extension when several share."""
        groups: dict[str, list[PanelView]] = {}
        for view in views:
            groups.setdefault(view.app_id, []).append(view)
        await self.remove_children()
        self.set_class(not groups, "-empty")
        if len(groups) == 1:
            [(app_id, members)] = groups.items()
            await self.mount(PanelStack(app_id, members))
        elif groups:
            from textual.widgets import TabbedContent, TabPane  # only when a slot is shared

            tabbed = TabbedContent()
            for index, (app_id, members) in enumerate(groups.items()):
                label = Content(_tab_label(members))  # plain text, never markup
                tabbed.compose_add_child(
                    TabPane(label, PanelStack(app_id, members), id=f"tab-{index}")
                )
            await self.mount(tabbed)

    def views(self) -> list[PanelView]:
        return list(self.query(PanelView))

    def stacks(self) -> list[PanelStack]:
        return list(self.query(PanelStack))

    def focusables(self) -> list[Widget]:
        """The rows and buttons that can take focus now (those of the tab on show)."""
        return [w for stack in self.stacks() for w in stack.focusables()]

    @property
    def tabbed(self) -> Any:
        """The slot's TabbedContent, or None when one extension has it."""
        found = self.query("TabbedContent")
        return found.first() if found else None

    def current_stack(self) -> PanelStack | None:
        tabbed = self.tabbed
        if tabbed is None:
            stacks = self.stacks()
            return stacks[0] if stacks else None
        pane = tabbed.active_pane
        return pane.query_one(PanelStack) if pane is not None else None

    def show_stack(self, stack: PanelStack) -> None:
        """Bring the tab holding `stack` to the front (nothing to do without tabs)."""
        tabbed = self.tabbed
        if tabbed is None:
            return
        for pane in tabbed.query("TabPane"):
            if stack in pane.query(PanelStack):
                tabbed.active = pane.id or ""
                return

    def _focus_in(self, stack: PanelStack, last: bool = False) -> bool:
        """Focus the first (or last) row of `stack`, bringing its tab to the front; False (and
        the tabs as they were) when it has nothing to focus."""
        targets = _targets(stack)
        if not targets:
            return False
        self.show_stack(stack)
        self.screen.set_focus(targets[-1] if last else targets[0])
        return True

    # --- collapsing ------------------------------------------------------------------------
    @property
    def collapsed(self) -> bool:
        return self.has_class("-collapsed")

    def toggle(self) -> bool:
        """Collapse or expand; returns whether it is now shown. Focus inside goes to the prompt."""
        focused = self.app.focused
        if not self.collapsed and focused is not None and self in focused.ancestors:
            self.app.action_focus_prompt()
        self.toggle_class("-collapsed")
        return not self.collapsed

    # --- keys ------------------------------------------------------------------------------
    def focus_first(self) -> bool:
        """Focus the first row of the slot (its tab comes to the front); False: nothing to focus."""
        if self.collapsed:
            return False
        current = self.current_stack()
        stacks = self.stacks()
        order = ([current] if current else []) + [s for s in stacks if s is not current]
        return any(self._focus_in(stack) for stack in order)

    def on_panel_view_focus_lost(self, message: PanelView.FocusLost) -> None:
        """Keep the keyboard in the slot: the nearest row of a neighbouring panel."""
        message.stop()
        views = self.views()
        index = views.index(message.view) if message.view in views else 0
        for view in [*reversed(views[:index]), *views[index + 1 :]]:
            targets = _targets(view)
            if targets:
                stack = next((s for s in self.stacks() if view in s.views()), None)
                if stack is not None:
                    self.show_stack(stack)
                self.screen.set_focus(targets[-1] if views.index(view) < index else targets[0])
                return
        self.app.action_focus_prompt()

    def on_panel_view_changed(self, message: PanelView.Changed) -> None:
        """A panel in a tab behind shows something new: bring it to the front, unless the
        keyboard is in this column (the user is reading another tab)."""
        message.stop()
        focused = self.app.focused
        if focused is not None and self in focused.ancestors:
            return
        stack = next((s for s in self.stacks() if message.view in s.views()), None)
        if stack is not None and stack is not self.current_stack():
            self.show_stack(stack)

    def action_move(self, step: int) -> None:
        """up/down: the previous/next row; past the end of a tab, into the neighbouring tab."""
        stack = self.current_stack()
        if stack is None:
            return
        targets = stack.focusables()
        focused = self.app.focused
        if focused in targets:
            index = targets.index(focused) + step
        else:
            index = 0 if step > 0 else len(targets) - 1
        if 0 <= index < len(targets):
            self.screen.set_focus(targets[index])  # now: the next key must see the new focus
            return
        stacks = self.stacks()
        position = stacks.index(stack) + (1 if index >= len(targets) else -1)
        while 0 <= position < len(stacks):  # no further tab: the focus stays put
            if self._focus_in(stacks[position], last=step < 0):
                return
            position += 1 if step > 0 else -1

    def action_tab(self, step: int) -> None:
        """`]` / `[`: the next / previous tab, focusing its first row when it has one."""
        stacks = self.stacks()
        current = self.current_stack()
        if len(stacks) < 2 or current is None:
            return
        target = stacks[(stacks.index(current) + step) % len(stacks)]
        self.show_stack(target)
        if not self._focus_in(target):  # nothing to focus there: the tab strip has it
            tabbed = self.tabbed
            if tabbed is not None:
                tabbed.query_one("Tabs").focus()


def _targets(widget: Widget) -> list[Widget]:
    """What can take focus inside `widget`, its tab on show or not."""
    return [w for w in widget.query("*") if w.can_focus and w.display and not w.disabled]


def _tab_label(views: Sequence[PanelView]) -> str:
    if len(views) == 1:
        return neutralise(views[0].title)
    return neutralise(views[0].app_id)
