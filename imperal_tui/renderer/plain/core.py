"""The plain-text projection's dispatch and drawing helpers.

A projection turns one node's props into lines no wider than `width`. Dispatch never raises:
an unknown type becomes a visible placeholder (with its children drawn), a failing projection
a one-line error, so one bad node never hides the rest of the tree.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from imperal_tui.renderer.props import text

Projection = Callable[[dict[str, Any], int], list[str]]

PROJECTIONS: dict[str, Projection] = {}
MIN_WIDTH = 12


def projection(*names: str) -> Callable[[Projection], Projection]:
    """Register a projection under node type names (matched without case or `_`)."""

    def register(func: Projection) -> Projection:
        for name in names:
            PROJECTIONS[key(name)] = func
        return func

    return register


def key(name: str) -> str:
    return name.replace("_", "").lower()


def is_node(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("type"), str)


def node_lines(node: Any, width: int) -> list[str]:
    """One node as lines of at most `width` columns; never raises."""
    width = max(width, MIN_WIDTH)
    if not is_node(node):
        return fit([text(node)], width) if node not in (None, "", [], {}) else []
    kind = node["type"]
    props = node.get("props")
    props = props if isinstance(props, dict) else {}
    project = PROJECTIONS.get(key(kind))
    try:
        if project is None:
            return fit([f"[{kind}]"], width) + indent(children_lines(props, width - 2))
        return fit(project(props, width), width)
    except Exception as exc:  # an extension's malformed node: say so in place
        return fit([f"⚠ {kind} could not be drawn: {type(exc).__name__}: {exc}"], width)


def children_lines(props: dict[str, Any], width: int, name: str = "children") -> list[str]:
    return many(props.get(name), width)


def many(nodes: Any, width: int) -> list[str]:
    """A node, a list of nodes, or nothing, as lines."""
    if nodes is None:
        return []
    if not isinstance(nodes, list | tuple):
        nodes = [nodes]
    out: list[str] = []
    for child in nodes:
        out += node_lines(child, width)
    return out


def wrap(value: Any, width: int) -> list[str]:
    """Text wrapped to `width`, keeping its own line breaks."""
    out: list[str] = []
    for line in text(value).splitlines() or [""]:
        out += textwrap.wrap(line, width, break_long_words=True, replace_whitespace=False) or [""]
    return out


def cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


def fit(lines: Iterable[str], width: int) -> list[str]:
    """Every line cut to `width` (projections wrap what should wrap; this is the backstop)."""
    out: list[str] = []
    for line in lines:
        out += [cut(part.rstrip(), width) for part in str(line).split("\n")]
    return out


def indent(lines: list[str], by: str = "  ") -> list[str]:
    return [by + line if line else line for line in lines]


def box(title: str, body: list[str], width: int, footer: str = "") -> list[str]:
    """`body` framed with rounded corners, `title` in the top edge, `footer` in the bottom."""
    inner = width - 4
    top = f"╭─ {cut(title, inner - 2)} " if title else "╭"
    bottom = f"╰─ {cut(footer, inner - 2)} " if footer else "╰"
    lines = [top + "─" * (width - 1 - len(top)) + "╮"]
    lines += [f"│ {cut(line, inner).ljust(inner)} │" for line in body]
    lines.append(bottom + "─" * (width - 1 - len(bottom)) + "╯")
    return lines


def table(headers: list[str], rows: list[list[str]], width: int) -> list[str]:
    """Columns two spaces apart, shrunk (widest first) until the table fits `width`."""
    cells = [[text(c).replace("\n", " ") for c in row] for row in rows]
    count = len(headers)
    widths = [
        max([len(headers[i])] + [len(r[i]) for r in cells if i < len(r)]) for i in range(count)
    ]
    while sum(widths) + 2 * (count - 1) > width and max(widths, default=0) > 3:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    out = []
    for row in [headers, ["─" * w for w in widths], *cells]:
        padded = [
            cut(row[i] if i < len(row) else "", widths[i]).ljust(widths[i]) for i in range(count)
        ]
        out.append("  ".join(padded).rstrip())
    return out


def join_if_fits(parts: list[list[str]], width: int, gap: str = "  ") -> list[str] | None:
    """Single-line parts side by side when they fit on one line, else None."""
    if any(len(p) != 1 for p in parts):
        return None
    line = gap.join(p[0] for p in parts)
    return [line] if len(line) <= width else None
