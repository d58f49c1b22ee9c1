"""Overlay nodes: Modal/Dialog and SlideOver as real screens over the current one, Toast as a
notification.

A Modal or SlideOver node leaves a one-line anchor in its tree; when the anchor is mounted (each
render of the tree) it pushes its screen, unless `open` is false or the same overlay is already
on the stack. Enter on the anchor opens it again. The screen's body is rendered afresh each time.

- Modal/Dialog: title, subtitle, content, then Cancel and Confirm. Confirm fires `on_confirm` and
  closes; Cancel, ✕ and Esc close and fire `on_close` (the SDK 6.x prop; the kit fires nothing).
  `dismissible=false` turns Esc and ✕ off. `destructive` makes Confirm red. `size` sets the width.
- SlideOver: a full-height sheet docked right (`width` sm/md/lg/xl); ✕ and Esc close it and
  fire `on_close`.
- Toast: `app.notify` with the variant as severity and `duration` (ms; 0 = stays) as timeout,
  once per render. A toast with an action (`action` + `action_label`) also leaves a line with
  that button in place, since a notification carries no buttons.
All buttons fire through the same `UiAction` as any other node.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_later

MODAL_WIDTHS = {"xs": 32, "sm": 44, "md": 60, "lg": 76, "xl": 92, "2xl": 112, "full": "100%"}
SHEET_WIDTHS = {"sm": 40, "md": 56, "lg": 72, "xl": 90}
SEVERITIES = {
    "info": "information",
    "success": "information",
    "ok": "information",
    "warn": "warning",
    "warning": "warning",
    "error": "error",
    "danger": "error",
    "err": "error",
}
STICKY_S = 24 * 3600.0  # a `duration` of 0: the toast stays until dismissed


class OverlayButton(ActionButton):
    """A footer button: fires its action (if any), then closes the overlay it sits in."""

    def __init__(self, label: str, action: Any, ctx: RenderContext, **kwargs: Any) -> None:
        super().__init__(label, action if is_action(action) else None, ctx, **kwargs)
        self.disabled = False  # closing is always possible

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()  # not ActionButton's handler as well
        if is_action(self.ui_action):  # posted to the app: this button is about to go away
            self.app.post_message(UiAction(self.ctx.app_id, self.ui_action))
        screen = self.screen
        if isinstance(screen, OverlayScreen):
            screen.dismiss()


class OverlayScreen(ModalScreen[None]):
    """A box centred over the current screen: title, body, footer buttons."""

    DEFAULT_CSS = """
    OverlayScreen { align: center middle; }
    OverlayScreen > #overlay-box {
        height: auto; max-height: 90%; max-width: 95%;
        border: thick $primary; background: $surface; color: $foreground; padding: 0 1;
        border-title-color: $text; border-title-style: bold;
    }
    OverlayScreen.-destructive > #overlay-box { border: thick $error; }
    OverlayScreen #overlay-body { height: auto; max-height: 70vh; }
    OverlayScreen .overlay-title { text-style: bold; }
    OverlayScreen .overlay-subtitle { color: $text-muted; }
    OverlayScreen #overlay-footer { height: auto; margin-top: 1; align-horizontal: right; }
    """

    BINDINGS = [Binding("escape", "close", "Close")]
    TITLE_IN_BODY = False  # a box shows its title in its top edge

    def __init__(
        self,
        key: str,
        build: Callable[[], list[Widget]],
        footer: Callable[[], list[Widget]],
        *,
        title: str,
        subtitle: str = "",
        width: int | str = 60,
        on_close: Any = None,
        ctx: RenderContext,
        dismissible: bool = True,
        classes: str = "",
    ) -> None:
        super().__init__(classes=classes)
        self.key = key
        self.build = build
        self.footer = footer
        self.box_title = title
        self.subtitle = subtitle
        self.box_width = width
        self.on_close_action = on_close
        self.ctx = ctx
        self.dismissible = dismissible

    def compose(self):
        box = Vertical(id="overlay-box")
        box.border_title = self.box_title or None
        box.styles.width = self.box_width
        with box:
            if self.box_title and self.TITLE_IN_BODY:
                yield Static(self.box_title, markup=False, classes="overlay-title")
            if self.subtitle:
                yield Static(self.subtitle, markup=False, classes="overlay-subtitle")
            with VerticalScroll(id="overlay-body"):
                yield from self.build()
            with Horizontal(id="overlay-footer"):
                yield from self.footer()

    def on_mount(self) -> None:
        focusable = [w for w in self.query("#overlay-body *") if w.focusable]
        buttons = list(self.query(OverlayButton))
        target = focusable[0] if focusable else (buttons[-1] if buttons else None)
        if target is not None:
            target.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.dismissible
        return True

    def action_close(self) -> None:
        if is_action(self.on_close_action):
            self.app.post_message(UiAction(self.ctx.app_id, self.on_close_action))
        self.dismiss()

    def on_unmount(self) -> None:
        closed_overlays(self.app).add(self.key)  # a re-render does not open it again


def closed_overlays(app: Any) -> set[str]:
    """The keys of overlays the user has closed in this app: the same node re-rendered (a live
    refresh of its panel) stays closed; a changed node is a new overlay and opens."""
    closed = getattr(app, "_closed_overlays", None)
    if closed is None:
        closed = set()
        app._closed_overlays = closed
    return closed


class SheetScreen(OverlayScreen):
    """A SlideOver: the same box as a full-height sheet docked right."""

    DEFAULT_CSS = """
    SheetScreen { align: right top; }
    SheetScreen > #overlay-box {
        height: 100%; max-height: 100%; dock: right; border: none;
        border-left: thick $primary; background: $surface;
    }
    SheetScreen #overlay-body { height: 1fr; max-height: 100%; }
    SheetScreen #overlay-footer { margin-top: 0; }
    """

    TITLE_IN_BODY = True  # a sheet has no top edge


class OverlayAnchor(Static, can_focus=True):
    """Where an overlay node sits in its tree: opens the overlay on mount and on Enter."""

    DEFAULT_CSS = """
    OverlayAnchor { height: 1; color: $text-muted; }
    OverlayAnchor:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    BINDINGS = [Binding("enter", "open", "Open")]

    def __init__(self, label: str, make: Callable[[], OverlayScreen], opens: bool) -> None:
        super().__init__(Content(label))
        self.make = make
        self.opens = opens

    def on_mount(self) -> None:
        if self.opens and self.make().key not in closed_overlays(self.app):
            self.action_open()

    def action_open(self) -> None:
        screen = self.make()
        if any(isinstance(s, OverlayScreen) and s.key == screen.key for s in self.app.screen_stack):
            return
        self.app.push_screen(screen)

    def on_click(self) -> None:
        self.action_open()


def overlay_key(kind: str, props: dict[str, Any], ctx: RenderContext) -> str:
    """Same node in the same panel = same overlay: it is not stacked twice."""
    return json.dumps([kind, ctx.app_id, ctx.panel_id, props], sort_keys=True, default=repr)


def body_of(props: dict[str, Any], ctx: RenderContext, kind: str) -> list[Widget]:
    content = props.get("content")
    if isinstance(content, dict | list):
        return render_later(content, ctx, kind)
    return [Static(text(content), markup=False)] if content else []


@builder("Modal", "Dialog")
def modal(props: dict[str, Any], ctx: RenderContext) -> Widget:
    for name in ("on_confirm", "on_close"):
        if props.get(name) is not None and not is_action(props.get(name)):
            raise TypeError(f"{name} must be an action")
    title = text(props.get("title"))
    destructive = flag(props.get("destructive"))
    dismissible = props.get("dismissible") is not False
    size = text(props.get("size"), "md").lower()

    def footer() -> list[Widget]:
        cancel = OverlayButton(
            text(props.get("cancel_label"), "Cancel"), props.get("on_close"), ctx
        )
        confirm = OverlayButton(
            text(props.get("confirm_label"), "Confirm"),
            props.get("on_confirm"),
            ctx,
            variant="error" if destructive else "primary",
        )
        return [cancel, confirm]

    def make() -> OverlayScreen:
        return OverlayScreen(
            overlay_key("Modal", props, ctx),
            lambda: body_of(props, ctx, "Modal"),
            footer,
            title=title,
            subtitle=text(props.get("subtitle")),
            width=MODAL_WIDTHS.get(size, 60),
            on_close=props.get("on_close"),
            ctx=ctx,
            dismissible=dismissible,
            classes="-destructive" if destructive else "",
        )

    mark = "⚠" if destructive else "▣"
    return OverlayAnchor(
        f"{mark} {title or 'Dialog'} · Enter opens", make, props.get("open") is not False
    )


@builder("SlideOver")
def slide_over(props: dict[str, Any], ctx: RenderContext) -> Widget:
    if props.get("on_close") is not None and not is_action(props.get("on_close")):
        raise TypeError("on_close must be an action")
    title = text(props.get("title"))

    def make() -> OverlayScreen:
        return SheetScreen(
            overlay_key("SlideOver", props, ctx),
            lambda: render_later(props.get("children"), ctx, "SlideOver"),
            lambda: [OverlayButton("✕ Close", props.get("on_close"), ctx)],
            title=title,
            subtitle=text(props.get("subtitle")),
            width=SHEET_WIDTHS.get(text(props.get("width"), "md").lower(), 56),
            on_close=props.get("on_close"),
            ctx=ctx,
        )

    return OverlayAnchor(
        f"▤ {title or 'Details'} · Enter opens", make, flag(props.get("open", True))
    )


def ask_first(widget: Widget, question: str, action: dict[str, Any], ctx: RenderContext) -> None:
    """A destructive dialog over the screen: Confirm fires `action`, Cancel and Esc do nothing."""

    def footer() -> list[Widget]:
        return [
            OverlayButton("Cancel", None, ctx),
            OverlayButton("Confirm", action, ctx, variant="error"),
        ]

    key = overlay_key("ask", action, ctx)
    screen = OverlayScreen(
        key, list, footer, title=question, width=44, ctx=ctx, classes="-destructive"
    )
    widget.app.push_screen(screen)


class UiToast(Horizontal):
    """A toast: notified on mount; with an action, its message and button stay in place."""

    DEFAULT_CSS = """
    UiToast { height: auto; }
    UiToast.-silent { display: none; }
    UiToast > Static { width: 1fr; color: $text-muted; }
    """

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        self.message = text(props.get("message"))
        self.title = text(props.get("title"))
        variant = text(props.get("variant", props.get("type")), "info").lower()
        self.severity = SEVERITIES.get(variant, "information")
        duration = props.get("duration")
        self.timeout: float | None = None
        if isinstance(duration, int | float) and not isinstance(duration, bool):
            self.timeout = STICKY_S if duration <= 0 else duration / 1000
        action = props.get("action")
        parts: list[Widget] = []
        if is_action(action) and props.get("action_label"):
            line = f"{self.title}: {self.message}" if self.title else self.message
            parts = [
                Static(line, markup=False),
                ActionButton(text(props.get("action_label")), action, ctx),
            ]
        super().__init__(*parts, classes="" if parts else "-silent")
        self.key = overlay_key("Toast", props, ctx)

    def on_mount(self) -> None:
        shown = closed_overlays(self.app)  # the same toast in a re-rendered panel: said once
        if self.key in shown:
            return
        shown.add(self.key)
        self.app.notify(
            self.message,
            title=self.title,
            severity=self.severity,  # type: ignore[arg-type]
            timeout=self.timeout,
            markup=False,
        )


@builder("Toast")
def toast(props: dict[str, Any], ctx: RenderContext) -> Widget:
    if props.get("action") is not None and not is_action(props.get("action")):
        raise TypeError("action must be an action")
    return UiToast(props, ctx)
