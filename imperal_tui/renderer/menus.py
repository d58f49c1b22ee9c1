"""Menu and Tooltip.

Menu: a compact button (the trigger node's text, or `⋮`) that opens its items over the screen,
one button each (separators as rules, disabled items greyed); choosing one closes the menu and
fires its `on_click`. An item with `confirm` asks first in a destructive Dialog.
Tooltip: its child with the text as the widget's tooltip (shown on hover), and the text dimmed
under it, since a keyboard user never hovers.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Rule, Static

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.overlays import OverlayButton, OverlayScreen, ask_first, overlay_key
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_children


class MenuItemButton(OverlayButton):
    """A menu entry: closes the menu with its entry as the result; the menu's button fires it."""

    DEFAULT_CSS = "MenuItemButton { width: 1fr; margin: 0; }"

    def __init__(self, label: str, entry: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__(label, None, ctx)
        self.entry = entry
        self.disabled = flag(entry.get("disabled"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()
        self.screen.dismiss(self.entry)


class MenuButton(ActionButton):
    def __init__(self, label: str, items: list[dict[str, Any]], ctx: RenderContext) -> None:
        super().__init__(label, None, ctx, submits=True, classes="-ghost")
        self.items = items

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()
        self.app.push_screen(self.menu(), self.chosen)

    def chosen(self, entry: dict[str, Any] | None) -> None:
        """After the menu closed: fire the chosen entry's action, asking first if it says so."""
        action = entry.get("on_click") if isinstance(entry, dict) else None
        if not is_action(action):
            return
        if entry and entry.get("confirm"):
            ask_first(self, text(entry.get("confirm")), action, self.ctx)
        else:
            self.post_message(UiAction(self.ctx.app_id, action))

    def menu(self) -> OverlayScreen:
        def body() -> list[Widget]:
            out: list[Widget] = []
            for entry in self.items:
                if flag(entry.get("separator")):
                    out.append(Rule(line_style="heavy"))
                    continue
                lead = f"{glyph(entry.get('icon'))} " if entry.get("icon") else ""
                out.append(MenuItemButton(lead + text(entry.get("label")), entry, self.ctx))
            return out

        return OverlayScreen(
            overlay_key("Menu", {"items": self.items}, self.ctx),
            body,
            lambda: [OverlayButton("Close", None, self.ctx)],
            title="",
            width=32,
            ctx=self.ctx,
        )


@builder("Menu")
def menu(props: dict[str, Any], ctx: RenderContext) -> Widget:
    items = props.get("items") or []
    if not isinstance(items, list | tuple) or not all(isinstance(i, dict) for i in items):
        raise TypeError("items must be a list of objects")
    trigger = props.get("trigger")
    label = "⋮"
    if isinstance(trigger, dict) and isinstance(trigger.get("props"), dict):
        inner = trigger["props"]
        label = text(inner.get("label", inner.get("content", inner.get("text"))), "⋮")
    return MenuButton(label, list(items), ctx)


class UiTooltip(Vertical):
    DEFAULT_CSS = """
    UiTooltip { height: auto; }
    UiTooltip > .tooltip-text { color: $text-muted; text-style: italic; }
    """


@builder("Tooltip")
def tooltip(props: dict[str, Any], ctx: RenderContext) -> Widget:
    tip = text(props.get("content"))
    children = render_children(props.get("children"), ctx)
    for child in children:
        child.tooltip = tip
    return UiTooltip(*children, Static(f"ⓘ {tip}", markup=False, classes="tooltip-text"))
