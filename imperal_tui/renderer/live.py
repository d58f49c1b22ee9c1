"""Widgets for the overlay and 6.x nodes whose content holds live widgets: Stage, Modal/Dialog,
Toast and Ghost. (Intent states, canvases and choice inputs are drawn by their plain projection.)

A terminal panel has no floating layer: a Modal is drawn in place as a framed box whose buttons
fire `on_confirm` and `on_close`.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_children, render_node


class UiStage(Vertical):
    DEFAULT_CSS = """
    UiStage { height: auto; border: round $accent; border-title-color: $text-accent; padding: 0 1; }
    UiStage.-done { border: round $success; }
    UiStage.-error { border: round $error; }
    """


class UiModal(Vertical):
    DEFAULT_CSS = """
    UiModal { height: auto; border: thick $primary; padding: 0 1; }
    UiModal.-destructive { border: thick $error; }
    UiModal > .ui-modal-subtitle { color: $text-muted; }
    UiModal > Horizontal { height: auto; margin-top: 1; }
    """


class UiToast(Vertical):
    DEFAULT_CSS = """
    UiToast { height: auto; }
    """


class UiGhost(Vertical):
    DEFAULT_CSS = """
    UiGhost { height: auto; opacity: 60%; border-left: outer $panel-lighten-2; padding-left: 1; }
    UiGhost > .ui-ghost-reason { color: $text-muted; text-style: italic; }
    """


STAGE_STATES = {"done": "-done", "complete": "-done", "success": "-done", "error": "-error"}


@builder("Stage")
def stage(props: dict[str, Any], ctx: RenderContext) -> Widget:
    children = render_children(props.get("children"), ctx) or [Static("(empty)")]
    widget = UiStage(*children, classes=STAGE_STATES.get(text(props.get("status")), ""))
    command = text(props.get("command")) or text(props.get("id"))
    title = text(props.get("title"))
    widget.border_title = f"❯ {command} · {title}" if command else title or None
    hotkeys = props.get("hotkeys")
    keys = [f"{k} {text(v)}" for k, v in hotkeys.items()] if isinstance(hotkeys, dict) else []
    status = [text(props.get("status"))] if props.get("status") else []
    widget.border_subtitle = " · ".join(status + keys) or None
    return widget


@builder("Modal", "Dialog")
def modal(props: dict[str, Any], ctx: RenderContext) -> Widget:
    parts: list[Widget] = []
    if props.get("subtitle"):
        parts.append(Static(text(props.get("subtitle")), markup=False, classes="ui-modal-subtitle"))
    parts += (
        render_children(props.get("content"), ctx)
        if isinstance(props.get("content"), dict | list)
        else ([Static(text(props.get("content")), markup=False)] if props.get("content") else [])
    )
    destructive = flag(props.get("destructive"))
    confirm = ActionButton(
        text(props.get("confirm_label"), "Confirm"),
        props.get("on_confirm"),
        ctx,
        variant="error" if destructive else "primary",
    )
    cancel = ActionButton(text(props.get("cancel_label"), "Cancel"), props.get("on_close"), ctx)
    widget = UiModal(
        *parts, Horizontal(confirm, cancel), classes="-destructive" if destructive else ""
    )
    widget.border_title = text(props.get("title")) or None
    return widget


@builder("Toast")
def toast(props: dict[str, Any], ctx: RenderContext) -> Widget:
    """A toast stays in place in a terminal panel: an alert line, with its action as a button."""
    alert = render_node(
        {"type": "Alert", "props": {**props, "title": props.get("title") or ""}}, ctx
    )
    if props.get("action_label"):
        action = ActionButton(text(props.get("action_label")), props.get("action"), ctx)
        return UiToast(alert, action)
    return alert


@builder("Ghost")
def ghost(props: dict[str, Any], ctx: RenderContext) -> Widget:
    body = render_children(props.get("child"), ctx)
    reason = text(props.get("reason"), "working…")
    return UiGhost(*body, Static(f"░ {reason}", markup=False, classes="ui-ghost-reason"))
