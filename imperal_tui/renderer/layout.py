"""Layout nodes: Stack/Row/Column, Grid, Page, Section, Card, Divider."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_children


class UiStack(Vertical):
    DEFAULT_CSS = """
    UiStack { height: auto; }
    """


class UiRow(Horizontal):
    DEFAULT_CSS = """
    UiRow { height: auto; }
    UiRow > * { width: auto; margin-right: 1; }
    """


class UiSection(Vertical):
    DEFAULT_CSS = """
    UiSection { height: auto; margin-bottom: 1; }
    UiSection > .ui-section-title { color: $text-muted; text-style: bold; }
    """


class UiCard(Vertical):
    DEFAULT_CSS = """
    UiCard { height: auto; border: round $panel-lighten-2; padding: 0 1; }
    UiCard.-borderless { border: none; }
    """


class UiDivider(Static):
    DEFAULT_CSS = """
    UiDivider { height: 1; color: $text-muted; text-wrap: nowrap; text-overflow: clip; }
    """


@builder("Stack", "Row", "Column")
def stack(props: dict[str, Any], ctx: RenderContext) -> Widget:
    children = render_children(props.get("children"), ctx)
    direction = text(props.get("direction"), "v").lower()
    if direction in ("h", "horizontal", "row"):
        return UiRow(*children)
    return UiStack(*children)


@builder("Grid", "Page")
def grid(props: dict[str, Any], ctx: RenderContext) -> Widget:
    """A terminal column is narrow: grids and pages stack their children."""
    children = render_children(props.get("children"), ctx)
    title = text(props.get("title"))
    if title:
        children.insert(0, Static(title, markup=False, classes="ui-heading"))
    return UiStack(*children)


@builder("Section")
def section(props: dict[str, Any], ctx: RenderContext) -> Widget:
    children = render_children(props.get("children"), ctx)
    title = text(props.get("title"))
    if flag(props.get("collapsible")):
        collapsible = Collapsible(*children, title=title or "Section", collapsed=False)
        return collapsible
    head = [Static(title.upper(), markup=False, classes="ui-section-title")] if title else []
    return UiSection(*head, *children)


@builder("Card")
def card(props: dict[str, Any], ctx: RenderContext) -> Widget:
    body = props.get("content", props.get("children"))
    children = render_children(body, ctx)
    children += render_children(props.get("footer"), ctx)
    widget = UiCard(*children)
    widget.border_title = text(props.get("title")) or None
    widget.border_subtitle = text(props.get("subtitle")) or None
    if props.get("border") is False:
        widget.add_class("-borderless")
    return widget


@builder("Divider")
def divider(props: dict[str, Any], ctx: RenderContext) -> Widget:
    label = text(props.get("label"))
    line = f"── {label.upper()} " + "─" * 60 if label else "─" * 80
    return UiDivider(line, markup=False)
