"""Interactive nodes: Button and Link. Activating one posts a UiAction; the app runs it."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

VARIANTS = {
    "primary": "primary",
    "danger": "error",
    "destructive": "error",
    "success": "success",
    "warning": "warning",
}


class ActionButton(Button):
    """A compact button that fires its node's `on_click` action."""

    DEFAULT_CSS = """
    ActionButton { margin: 0 1 0 0; min-width: 6; }
    ActionButton.-ghost { background: transparent; color: $text-muted; }
    ActionButton.-link { background: transparent; color: $text-primary; text-style: underline; }
    """

    def __init__(
        self,
        label: str,
        action: dict[str, Any] | None,
        ctx: RenderContext,
        *,
        variant: str = "default",
        disabled: bool = False,
        classes: str = "",
        submits: bool = False,
    ) -> None:
        super().__init__(
            Content(label),
            variant=variant,  # type: ignore[arg-type]
            compact=True,
            disabled=disabled or not (is_action(action) or submits),
            classes=classes,
        )
        self.ui_action = action
        self.ctx = ctx
        self.submits = submits  # `type="submit"`: also submits the Form around it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if is_action(self.ui_action):
            self.post_message(UiAction(self.ctx.app_id, self.ui_action))
        if self.submits:
            for ancestor in self.ancestors:
                if callable(getattr(ancestor, "submit_form", None)):
                    ancestor.submit_form()
                    break


@builder("Button")
def button(props: dict[str, Any], ctx: RenderContext) -> Widget:
    label = text(props.get("label"), "Button")
    lead = props.get("icon") or props.get("icon_left")
    if lead:
        label = f"{glyph(lead)} {label}"
    if props.get("icon_right"):
        label = f"{label} {glyph(props.get('icon_right'))}"
    if flag(props.get("loading")):
        label = text(props.get("loading_label"), "Loading…")
    variant_name = text(props.get("variant"), "primary").lower()
    return ActionButton(
        label,
        props.get("on_click"),
        ctx,
        variant=VARIANTS.get(variant_name, "default"),
        disabled=flag(props.get("disabled")) or flag(props.get("loading")),
        classes="-ghost" if variant_name == "ghost" else "",
        submits=text(props.get("type")).lower() == "submit",
    )


@builder("Link")
def link(props: dict[str, Any], ctx: RenderContext) -> Widget:
    label = text(props.get("label", props.get("text")), "link")
    action = props.get("on_click")
    href = text(props.get("href"))
    if not is_action(action) and href.startswith(("http://", "https://", "mailto:")):
        action = {"action": "open", "url": href}
    return ActionButton(label, action, ctx, classes="-link")
