"""Plain projections of display, data and feedback nodes."""

from __future__ import annotations

from typing import Any

from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.html_text import html_to_text
from imperal_tui.renderer.plain.core import (
    children_lines,
    cut,
    indent,
    many,
    projection,
    table,
    wrap,
)
from imperal_tui.renderer.props import flag, text

MARKS = {"info": "ℹ", "success": "✔", "warn": "⚠", "error": "✖"}
SYNONYMS = {"warning": "warn", "danger": "error", "err": "error", "ok": "success"}


def mark(variant: Any) -> str:
    name = text(variant, "info").lower()
    return MARKS.get(SYNONYMS.get(name, name), "ℹ")


# --- display --------------------------------------------------------------------------------
@projection("Text")
def text_node(props: dict[str, Any], width: int) -> list[str]:
    content = text(props.get("content", props.get("text")))
    if text(props.get("variant")).lower() == "label":
        content = content.upper()
    if flag(props.get("truncate")):
        return [cut(content.replace("\n", " "), width)]
    return wrap(content, width)


@projection("Header")
def header(props: dict[str, Any], width: int) -> list[str]:
    title = text(props.get("text", props.get("title")))
    if props.get("level", 2) == 1:
        title = title.upper()
    out = wrap(title, width)
    subtitle = text(props.get("subtitle"))
    return out + (wrap(subtitle, width) if subtitle else [])


@projection("Markdown")
def markdown(props: dict[str, Any], width: int) -> list[str]:
    return wrap(props.get("content"), width)


@projection("Code")
def code(props: dict[str, Any], width: int) -> list[str]:
    source = text(props.get("content")).splitlines() or [""]
    if flag(props.get("line_numbers")):
        source = [f"{n:>3} {line}" for n, line in enumerate(source, start=1)]
    return indent(source)


@projection("Html")
def html(props: dict[str, Any], width: int) -> list[str]:
    """The text of the HTML (scripts and styles dropped), paragraphs and list items kept."""
    return wrap(html_to_text(text(props.get("content"))), width)


@projection("Icon")
def icon(props: dict[str, Any], width: int) -> list[str]:
    return [glyph(props.get("name"))]


@projection("Image")
def image(props: dict[str, Any], width: int) -> list[str]:
    return [f"▣ {text(props.get('alt')) or text(props.get('caption')) or 'image'}"]


@projection("Video", "Audio")
def media(props: dict[str, Any], width: int) -> list[str]:
    return [f"▶ {text(props.get('title')) or text(props.get('src'))}"]


@projection("Empty")
def empty(props: dict[str, Any], width: int) -> list[str]:
    return wrap(f"{glyph(props.get('icon'), '∅')} {text(props.get('message'), 'No data')}", width)


# --- data -----------------------------------------------------------------------------------
def badge_text(props: dict[str, Any]) -> str:
    label = text(props.get("label")) or text(props.get("value"))
    return f"[{'● ' if flag(props.get('dot')) else ''}{label}]"


@projection("Badge")
def badge(props: dict[str, Any], width: int) -> list[str]:
    return [badge_text(props)]


@projection("Avatar")
def avatar(props: dict[str, Any], width: int) -> list[str]:
    return [f"({text(props.get('fallback'), '?')})"]


@projection("Stat")
def stat(props: dict[str, Any], width: int) -> list[str]:
    arrow = {"up": "▲ ", "down": "▼ ", "neutral": "= "}.get(text(props.get("trend_direction")), "")
    trend = text(props.get("trend"))
    line = f"{text(props.get('label'))}: {text(props.get('value'))}"
    out = wrap(line + (f"  {arrow}{trend}" if trend else ""), width)
    description = text(props.get("description"))
    return out + (indent(wrap(description, width - 2)) if description else [])


@projection("Stats")
def stats(props: dict[str, Any], width: int) -> list[str]:
    return children_lines(props, width)


@projection("KeyValue")
def key_value(props: dict[str, Any], width: int) -> list[str]:
    pairs = [
        (text(e.get("key")), text(e.get("value")))
        for e in props.get("items") or []
        if isinstance(e, dict)
    ]
    pad = min(max((len(k) for k, _ in pairs), default=0), width // 3)
    out: list[str] = []
    for k, v in pairs:
        out += wrap(f"{cut(k, pad).ljust(pad)}  {v}", width)
    return out


def row_text(props: dict[str, Any], width: int) -> list[str]:
    """A list row: title (and badge), then its subtitle and meta, dimmed by indentation."""
    lead = "▸ " if isinstance(props.get("on_click"), dict) else "• "
    if props.get("icon"):
        lead += glyph(props.get("icon")) + " "
    title = lead + text(props.get("title"))
    badge_node = props.get("badge")
    if isinstance(badge_node, dict) and isinstance(badge_node.get("props"), dict):
        title += " " + badge_text(badge_node["props"])
    out = wrap(title, width)
    detail = " · ".join(v for v in (text(props.get("subtitle")), text(props.get("meta"))) if v)
    return out + (indent(wrap(detail, width - 2)) if detail else [])


@projection("ListItem")
def list_item(props: dict[str, Any], width: int) -> list[str]:
    return row_text(props, width)


@projection("List")
def list_node(props: dict[str, Any], width: int) -> list[str]:
    out = [text(props.get("title")).upper()] if props.get("title") else []
    items = props.get("items") or []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("props"), dict):
            item = item["props"]
        if isinstance(item, dict):
            out += row_text(item, width)
    if not items:
        out.append(text(props.get("empty_text"), "No items"))
    total = props.get("total_items")
    if isinstance(total, int) and total > len(items):
        out.append(f"… {len(items)} of {total}")
    return out


@projection("DataTable")
def data_table(props: dict[str, Any], width: int) -> list[str]:
    columns = [c for c in props.get("columns") or [] if isinstance(c, dict)]
    rows = [r for r in props.get("rows") or [] if isinstance(r, dict)]
    if not rows:
        return [text(props.get("empty_text"), "No rows")]
    keys = [text(c.get("key")) for c in columns] or list(rows[0])
    headers = [text(c.get("label")) or text(c.get("key")) for c in columns] or keys
    return table(headers, [[text(r.get(k)) for k in keys] for r in rows], width)


@projection("Timeline")
def timeline(props: dict[str, Any], width: int) -> list[str]:
    out: list[str] = []
    for entry in props.get("items") or []:
        if isinstance(entry, dict):
            when = text(entry.get("time"))
            out += wrap(f"● {when + '  ' if when else ''}{text(entry.get('title'))}", width)
            if entry.get("description"):
                out += indent(wrap(entry.get("description"), width - 2))
    return out


def _tree(nodes: Any, width: int, depth: int) -> list[str]:
    out: list[str] = []
    for entry in nodes or []:
        if isinstance(entry, dict) and depth < 20:
            out += wrap(
                f"{'  ' * depth}{'▸' if entry.get('children') else '·'} {text(entry.get('label'))}",
                width,
            )
            out += _tree(entry.get("children"), width, depth + 1)
    return out


@projection("Tree")
def tree(props: dict[str, Any], width: int) -> list[str]:
    head = [text(props.get("label")).upper()] if props.get("label") else []
    return head + _tree(props.get("nodes"), width, 0)


# --- feedback -------------------------------------------------------------------------------
@projection("Alert")
def alert(props: dict[str, Any], width: int) -> list[str]:
    title = text(props.get("title"))
    body = f"{title}: " if title else ""
    return wrap(
        f"{mark(props.get('variant', props.get('type')))} {body}{text(props.get('message'))}", width
    )


def bar(value: float, total: float, width: int) -> str:
    share = 0.0 if total <= 0 else min(max(value / total, 0.0), 1.0)
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


@projection("Progress")
def progress(props: dict[str, Any], width: int) -> list[str]:
    value = props.get("value") if isinstance(props.get("value"), int | float) else 0
    total = (
        props.get("max") if isinstance(props.get("max"), int | float) and props.get("max") else 100
    )
    label = text(props.get("label"))
    share = f"{round(100 * value / total) if total else 0}%"
    span = max(width - len(label) - len(share) - 4, 4)
    return [f"{label + ' ' if label else ''}{bar(value, total, span)} {share}"]


@projection("Loading")
def loading(props: dict[str, Any], width: int) -> list[str]:
    return wrap(f"… {text(props.get('message'), 'Loading...')}", width)


@projection("Error")
def error(props: dict[str, Any], width: int) -> list[str]:
    out = wrap(f"⚠ {text(props.get('title'), 'Error')}: {text(props.get('message'))}", width)
    return out + (["[ Try again ]"] if isinstance(props.get("retry"), dict) else [])


@projection("Chart")
def chart(props: dict[str, Any], width: int) -> list[str]:
    data = [row for row in props.get("data") or [] if isinstance(row, dict)]
    x_key = text(props.get("x_key"), "name")
    head = [f"{text(props.get('title')) or 'Chart'} ({text(props.get('chart_type'), 'line')})"]
    if not data:
        return head + ["No data"]
    keys = [x_key] + [k for k in data[0] if k != x_key]
    return head + table(keys, [[text(r.get(k)) for k in keys] for r in data], width)


@projection("Graph")
def graph(props: dict[str, Any], width: int) -> list[str]:
    nodes = [n for n in props.get("nodes") or [] if isinstance(n, dict)]
    edges = [e for e in props.get("edges") or [] if isinstance(e, dict)]
    names = {text(n.get("id")): text(n.get("label")) or text(n.get("id")) for n in nodes}
    out = [f"Graph: {len(nodes)} nodes, {len(edges)} edges"]
    for e in edges:
        src, dst = text(e.get("source")), text(e.get("target"))
        label = text(e.get("label"))
        out += wrap(
            f"  {names.get(src, src)} → {names.get(dst, dst)}{'  ' + label if label else ''}", width
        )
    return out


@projection("TrayResponse")
def tray(props: dict[str, Any], width: int) -> list[str]:
    badge_value = props.get("badge")
    out = [f"Tray badge: {text(badge_value)}"] if badge_value not in (None, "") else []
    return out + many(props.get("panel"), width)


@projection("Tooltip")
def tooltip(props: dict[str, Any], width: int) -> list[str]:
    inner = many(props.get("children"), width)
    return inner + wrap(f"  ⓘ {text(props.get('content'))}", width)
