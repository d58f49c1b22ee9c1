"""The tray strip: one line of extension tray items, each a glyph and its badge.

Items come in the kernel's drawing order (zones status | actions | system, separated by a
bar). Each item is focusable: Left/Right move along the strip, Enter (or a click) asks to open
its dropdown, Esc gives the focus back. The strip is not drawn while no extension has a tray
item, so it costs no line then.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from imperal_tui.renderer.glyphs import glyph
from imperal_tui.sanitize import neutralise

COLORS = ("primary", "success", "warning", "danger", "muted")


def item_text(icon: str, badge: str, badge_style: str = "corner") -> str:
    """What one item shows: its glyph, and its badge after it (a corner badge sits close,
    an inline reading after a space)."""
    mark = glyph(icon)
    if not badge:
        return mark
    badge = neutralise(badge)
    return f"{mark} {badge}" if badge_style == "inline" else f"{mark}{badge}"


class TrayButton(Static, can_focus=True):
    """One tray item. `info` is its declaration (kernel.tray.TrayInfo), `state` its last
    answer (kernel.tray.TrayState), None until the first one comes."""

    DEFAULT_CSS = """
    TrayButton { width: auto; height: 1; padding: 0 1; }
    TrayButton:focus { background: $accent; color: $text; text-style: bold; }
    TrayButton.-primary { color: $primary; }
    TrayButton.-success { color: $success; }
    TrayButton.-warning { color: $warning; }
    TrayButton.-danger { color: $error; }
    TrayButton.-muted { color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("escape", "leave", show=False),
    ]

    class Opened(Message):
        """The user asked for this item's dropdown."""

        def __init__(self, button: TrayButton) -> None:
            super().__init__()
            self.button = button

    def __init__(self, info: Any) -> None:
        super().__init__(item_text(info.icon, ""), markup=False)
        self.info = info
        self.state: Any = None
        self.renders = 0
        self.tooltip = neutralise(info.tooltip or f"{info.app_id}: {info.tray_id}")
        self._paint(info.icon_color)

    @property
    def key(self) -> tuple[str, str]:
        return (self.info.app_id, self.info.tray_id)

    @property
    def badge(self) -> str:
        return self.state.badge if self.state is not None else ""

    def set_state(self, state: Any) -> None:
        self.state = state
        self.renders += 1
        self.update(item_text(self.info.icon, state.badge, self.info.badge_style))
        self._paint(state.color or self.info.icon_color)

    def _paint(self, color: str) -> None:
        for name in COLORS:
            self.set_class(name == color, f"-{name}")

    def action_open(self) -> None:
        self.post_message(self.Opened(self))

    def on_click(self) -> None:
        self.focus()
        self.action_open()

    def action_move(self, step: int) -> None:
        strip = self.parent
        if isinstance(strip, TrayStrip):
            strip.move_focus(self, step)

    def action_leave(self) -> None:
        prompt = getattr(self.app, "prompt", None)
        if prompt is not None:
            prompt.focus()


class TrayStrip(Horizontal):
    DEFAULT_CSS = """
    TrayStrip { height: 1; background: $panel; align-horizontal: right; display: none; }
    TrayStrip.-filled { display: block; }
    TrayStrip > .tray-zone-bar { width: 1; color: $text-muted; }
    """

    async def set_items(self, items: list[Any]) -> bool:
        """Show these tray items (kernel.tray.TrayInfo, in drawing order). Items already shown
        keep their last state; True when the set of items changed."""
        wanted = [(i.app_id, i.tray_id) for i in items]
        if wanted == [b.key for b in self.buttons()]:
            return False
        states = {b.key: b.state for b in self.buttons()}
        await self.remove_children()
        widgets: list[Static] = []
        zone = None
        for info in items:
            if zone is not None and info.zone != zone:
                widgets.append(Static("│", classes="tray-zone-bar"))
            zone = info.zone
            button = TrayButton(info)
            if states.get(button.key) is not None:
                button.set_state(states[button.key])
            widgets.append(button)
        await self.mount_all(widgets)
        self.set_class(bool(items), "-filled")
        return True

    def buttons(self) -> list[TrayButton]:
        return list(self.query_children(TrayButton))

    def button(self, app_id: str, tray_id: str) -> TrayButton | None:
        return next((b for b in self.buttons() if b.key == (app_id, tray_id)), None)

    def focus_first(self) -> bool:
        buttons = self.buttons()
        if not buttons:
            return False
        buttons[0].focus()
        return True

    def move_focus(self, button: TrayButton, step: int) -> None:
        buttons = self.buttons()
        index = buttons.index(button)
        buttons[(index + step) % len(buttons)].focus()
