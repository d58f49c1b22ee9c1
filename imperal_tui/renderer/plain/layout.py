"""Plain projections of layout nodes: stacks, grids, pages, sections, tabs, accordions, cards."""

from __future__ import annotations

from typing import Any

from imperal_tui.renderer.plain.core import (
    box,
    children_lines,
    indent,
    join_if_fits,
    many,
    node_lines,
    projection,
    wrap,
)
from imperal_tui.renderer.props import flag, text

HORIZONTAL = ("h", "horizontal", "row")


@projection("Stack", "Row", "Column")
def stack(props: dict[str, Any], width: int) -> list[str]:
    children = props.get("children")
    if text(props.get("direction"), "v").lower() in HORIZONTAL and isinstance(children, list):
        side_by_side = join_if_fits([node_lines(c, width) for c in children], width)
        if side_by_side is not None:
            return side_by_side
    return children_lines(props, width)


def _titled(title: str, subtitle: str, body: list[str]) -> list[str]:
    head = [title.upper()] if title else []
    return head + ([subtitle] if subtitle else []) + body


@projection("Page", "Grid")
def page(props: dict[str, Any], width: int) -> list[str]:
    """A terminal column is narrow: grid cells and page children are stacked."""
    body = children_lines(props, width)
    return _titled(text(props.get("title")), text(props.get("subtitle")), body)


@projection("Section")
def section(props: dict[str, Any], width: int) -> list[str]:
    title = text(props.get("title"))
    mark = "▾ " if flag(props.get("collapsible")) else ""
    head = [f"{mark}{title.upper()}"] if title else []
    return head + children_lines(props, width)


def tab_index(entries: list[dict[str, Any]], default: Any) -> int:
    """`default_tab` as an index into `entries`: an int, or the `id` of a tab; else 0."""
    if isinstance(default, int) and not isinstance(default, bool):
        return default if 0 <= default < len(entries) else 0
    if isinstance(default, str):
        for i, entry in enumerate(entries):
            if default in (text(entry.get("id")), f"tab-{i}"):
                return i
    return 0


@projection("Tabs")
def tabs(props: dict[str, Any], width: int) -> list[str]:
    entries = [t for t in props.get("tabs") or [] if isinstance(t, dict)]
    chosen = tab_index(entries, props.get("default_tab"))
    labels = [
        f"[{text(t.get('label'))}]" if i == chosen else f" {text(t.get('label'))} "
        for i, t in enumerate(entries)
    ]
    out = wrap(" ".join(labels), width)
    if 0 <= chosen < len(entries):
        out += many(entries[chosen].get("content", entries[chosen].get("children")), width)
    return out


@projection("Accordion")
def accordion(props: dict[str, Any], width: int) -> list[str]:
    out: list[str] = []
    for entry in props.get("sections") or []:
        if isinstance(entry, dict):
            out.append(f"▾ {text(entry.get('title'))}")
            out += indent(many(entry.get("children", entry.get("content")), width - 2))
    return out


@projection("Card")
def card(props: dict[str, Any], width: int) -> list[str]:
    body = many(props.get("content", props.get("children")), width - 4)
    body += many(props.get("footer"), width - 4)
    title = text(props.get("title"))
    subtitle = text(props.get("subtitle"))
    if props.get("border") is False:
        return _titled(title, subtitle, body)
    if subtitle:
        body = [subtitle, *body]
    return box(title, body, width)


@projection("Divider")
def divider(props: dict[str, Any], width: int) -> list[str]:
    label = text(props.get("label"))
    head = f"── {label.upper()} " if label else ""
    return [head + "─" * (width - len(head))]
