"""A tray item's dropdown: its `panel` ui tree, drawn by the renderer, over the screen's top
right under the strip. Esc closes it; actions in it (buttons, rows) reach the app as any
panel's do. It re-renders in place when the item's state changes while it is open."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from imperal_tui.renderer import RenderContext, render_tree
from imperal_tui.sanitize import neutralise


def title_of(info: Any, state: Any) -> str:
    name = info.tooltip or info.tray_id
    badge = state.badge if state is not None else ""
    return neutralise(f"{name} ({info.app_id})" + (f" · {badge}" if badge else ""))


class TrayDropdown(ModalScreen):
    DEFAULT_CSS = """
    TrayDropdown { align: right top; background: $background 40%; }
    TrayDropdown > #tray-dropdown {
        width: 60; max-width: 100%; height: auto; max-height: 80%;
        margin-top: 2; border: round $accent; background: $surface; padding: 0 1;
    }
    TrayDropdown #tray-dropdown-title { text-style: bold; height: 1; }
    TrayDropdown #tray-dropdown-body { height: auto; max-height: 20; }
    TrayDropdown .tray-dropdown-empty { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, info: Any, state: Any = None) -> None:
        super().__init__()
        self.info = info
        self.state = state
        self.renders = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.info.app_id, self.info.tray_id)

    def compose(self):
        with Vertical(id="tray-dropdown"):
            yield Static(title_of(self.info, self.state), id="tray-dropdown-title", markup=False)
            yield VerticalScroll(id="tray-dropdown-body")

    async def on_mount(self) -> None:
        await self.show(self.state)

    async def show(self, state: Any) -> None:
        """Draw `state` (kernel.tray.TrayState, or None while the first answer is due)."""
        self.state = state
        self.query_one("#tray-dropdown-title", Static).update(title_of(self.info, state))
        body = self.query_one("#tray-dropdown-body", VerticalScroll)
        before = self._focusables(body)
        index = before.index(self.focused) if self.focused in before else 0
        was = _identity(before[index]) if before else None
        if state is None:
            widget = Static("loading…", classes="tray-dropdown-empty")
        elif state.panel:
            widget = render_tree(state.panel, RenderContext(self.info.app_id))
        else:
            widget = Static(state.error or "Nothing to show.", classes="tray-dropdown-empty",
                            markup=False)  # fmt: skip
        with self.app.batch_update():
            await body.remove_children()
            await body.mount(widget)
        self.renders += 1
        focusable = self._focusables(body)
        if focusable:  # the same row or button as before a live re-render, else its place
            same = [w for w in focusable if _identity(w) == was]
            (same[0] if same else focusable[min(index, len(focusable) - 1)]).focus()

    @staticmethod
    def _focusables(body: VerticalScroll) -> list:
        return [w for w in body.query("*") if w.focusable]


def _identity(widget: Any) -> tuple[str, str]:
    """What the user sees a focusable as: its kind and its title or label."""
    name = getattr(widget, "title", "") or getattr(widget, "label", "")
    return (type(widget).__name__, str(name))
