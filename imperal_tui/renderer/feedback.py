"""Feedback nodes: Alert, Empty, Error, Progress, Loading."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from imperal_tui.renderer.actions import is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder

ALERT_VARIANTS = {
    "info": ("info", "ℹ"),
    "success": ("success", "✔"),
    "ok": ("success", "✔"),
    "warn": ("warn", "⚠"),
    "warning": ("warn", "⚠"),
    "error": ("error", "✖"),
    "danger": ("error", "✖"),
    "err": ("error", "✖"),
}


class UiAlert(Static):
    DEFAULT_CSS = """
    UiAlert { height: auto; padding: 0 1; border-left: tall $primary; background: $primary-muted; }
    UiAlert.-success { border-left: tall $success; background: $success-muted; }
    UiAlert.-warn { border-left: tall $warning; background: $warning-muted; }
    UiAlert.-error { border-left: tall $error; background: $error-muted; }
    """


class UiEmpty(Vertical):
    DEFAULT_CSS = """
    UiEmpty { height: auto; align-horizontal: center; padding: 0 1; }
    UiEmpty > Static { width: 100%; text-align: center; color: $text-muted; }
    UiEmpty > ActionButton { margin: 0; }
    """


class UiError(Vertical):
    DEFAULT_CSS = """
    UiError { height: auto; border: round $error; padding: 0 1; }
    UiError > .ui-error-title { color: $text-error; text-style: bold; }
    UiError > .ui-error-message { color: $text-muted; }
    """


class UiProgress(Vertical):
    DEFAULT_CSS = """
    UiProgress { height: auto; }
    UiProgress > ProgressBar { height: 1; }
    """


@builder("Alert")
def alert(props: dict[str, Any], ctx: RenderContext) -> Widget:
    variant = text(props.get("variant", props.get("type")), "info").lower()
    name, mark = ALERT_VARIANTS.get(variant, ("info", "ℹ"))
    title = text(props.get("title"))
    message = text(props.get("message"))
    parts: list[str | tuple[str, str]] = [(f"{mark} ", "bold")]
    if title:
        parts.append((title, "bold"))
        parts.append("\n" if message else "")
    parts.append(message)
    return UiAlert(Content.assemble(*parts), classes=f"-{name}")


@builder("Empty")
def empty(props: dict[str, Any], ctx: RenderContext) -> Widget:
    message = text(props.get("message"), "No data")
    children: list[Widget] = [Static(f"{glyph(props.get('icon'), '∅')} {message}", markup=False)]
    action = props.get("action")
    if is_action(action):
        params = action.get("params") if isinstance(action.get("params"), dict) else {}
        label = text(params.get("label"))
        if not label and action.get("action") == "send":
            label = text(action.get("message")).strip() + "…"
        children.append(ActionButton(label or "Try again", action, ctx))
    return UiEmpty(*children)


@builder("Error")
def error(props: dict[str, Any], ctx: RenderContext) -> Widget:
    children: list[Widget] = [
        Static(f"⚠ {text(props.get('title'), 'Error')}", markup=False, classes="ui-error-title"),
        Static(text(props.get("message")), markup=False, classes="ui-error-message"),
    ]
    if is_action(props.get("retry")):
        children.append(ActionButton("Try again", props["retry"], ctx))
    return UiError(*children)


@builder("Progress")
def progress(props: dict[str, Any], ctx: RenderContext) -> Widget:
    total = props.get("max") or 100
    value = props.get("value") or 0
    bar = ProgressBar(total=float(total), show_eta=False, show_percentage=True)
    bar.progress = float(value)
    label = text(props.get("label"))
    head = [Static(label, markup=False)] if label else []
    return UiProgress(*head, bar)


@builder("Loading")
def loading(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return Static(f"… {text(props.get('message'), 'Loading...')}", markup=False)
