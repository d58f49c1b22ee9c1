"""Record nodes: Stat and Stats, Avatar, Timeline and Tree.

- Stat: a small box: label (muted, upper case), the value in bold in its colour, the trend with
  an arrow coloured by `trend_direction` only (up green ↗, down red ↘, else muted –), then the
  description. Stats lay their Stats out in `columns` (or as many of 18 cells as fit, at most 4).
- Avatar: two initials on a colour picked from the name (the same name, the same colour).
- Timeline: a rail of coloured dots, each item's title, time and description.
- Tree: a Textual tree; top-level nodes start expanded unless `expanded` says otherwise. Enter
  or a click on a node with `on_click` fires it (a branch also folds or unfolds).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import Grid
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static, Tree

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.props import color, text
from imperal_tui.renderer.registry import builder, render_children

TEXT_COLORS = {
    "blue": "$text-primary",
    "green": "$text-success",
    "red": "$text-error",
    "yellow": "$text-warning",
    "purple": "$text-secondary",
    "gray": "$text-muted",
}
TRENDS = {"up": ("↗", "$text-success"), "down": ("↘", "$text-error")}
AVATAR_COLORS = ("$primary", "$success", "$warning", "$error", "$secondary", "$accent")
TREE_DEPTH_MAX = 30


class UiStat(Static):
    DEFAULT_CSS = """
    UiStat { height: auto; width: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    """


@builder("Stat")
def stat(props: dict[str, Any], ctx: RenderContext) -> Widget:
    label = text(props.get("label")).upper()
    if props.get("icon"):
        label = f"{label} {glyph(props.get('icon'))}"
    value_style = "bold " + TEXT_COLORS[color(props.get("color"), "blue")]
    parts: list[str | tuple[str, str]] = [(label, "bold $text-muted"), "\n"]
    parts.append((text(props.get("value")), value_style))
    trend = text(props.get("trend"))
    if trend:
        arrow, style = TRENDS.get(text(props.get("trend_direction")), ("–", "$text-muted"))
        parts.append((f"  {arrow} {trend}", style))
    if props.get("description"):
        parts += ["\n", (text(props.get("description")), "$text-muted")]
    return UiStat(Content.assemble(*parts))


class UiStats(Grid):
    """Stats in columns: `columns`, or as many 18-cell columns as fit (1 to 4)."""

    DEFAULT_CSS = """
    UiStats { height: auto; grid-gutter: 0 1; grid-rows: auto; }
    """

    def __init__(self, *children: Widget, columns: int) -> None:
        super().__init__(*children)
        self.columns = columns
        self.count = len(children)

    def on_resize(self) -> None:
        fits = max(1, min(self.count or 1, 4, self.size.width // 18))
        self.styles.grid_size_columns = self.columns or fits


@builder("Stats")
def stats(props: dict[str, Any], ctx: RenderContext) -> Widget:
    columns = props.get("columns")
    wanted = columns if isinstance(columns, int) and not isinstance(columns, bool) else 0
    return UiStats(*render_children(props.get("children"), ctx), columns=max(0, min(wanted, 6)))


def initials(name: str) -> str:
    words = name.split()
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return name[:2].upper() or "?"


@builder("Avatar")
def avatar(props: dict[str, Any], ctx: RenderContext) -> Widget:
    name = text(props.get("name")) or text(props.get("fallback"), "?")
    shade = AVATAR_COLORS[sum(map(ord, name)) % len(AVATAR_COLORS)]
    widget = Static(Content.styled(f" {initials(name)} ", f"bold $text on {shade}"))
    widget.styles.width = "auto"
    return widget


@builder("Timeline")
def timeline(props: dict[str, Any], ctx: RenderContext) -> Widget:
    items = props.get("items") or []
    if not isinstance(items, list | tuple):
        raise TypeError(f"items must be a list, not {type(items).__name__}")
    entries = [i for i in items if isinstance(i, dict)]
    parts: list[str | tuple[str, str]] = []
    for n, entry in enumerate(entries):
        dot = TEXT_COLORS[color(entry.get("color"), "blue")]
        rail = "│ " if n < len(entries) - 1 else "  "
        if parts:
            parts.append("\n")
        parts += [("● ", dot), (text(entry.get("title")), "bold")]
        if entry.get("time"):
            parts.append((f"  {text(entry.get('time'))}", "$text-muted"))
        if entry.get("description"):
            parts += ["\n", (rail, "$text-muted"), (text(entry.get("description")), "$text-muted")]
    return Static(Content.assemble(*parts) if parts else Content.styled("(empty)", "$text-muted"))


class UiTree(Tree[dict]):
    DEFAULT_CSS = """
    UiTree { height: auto; max-height: 20; background: transparent; padding: 0; }
    """

    def __init__(self, label: str, nodes: list[dict[str, Any]], ctx: RenderContext) -> None:
        super().__init__(Text(label or "Tree"), data={})
        self.show_root = bool(label)
        self.ctx = ctx
        self.root.expand()
        self._add(self.root, nodes, 0)

    def _add(self, parent: Any, nodes: Any, depth: int) -> None:
        for entry in nodes if isinstance(nodes, list | tuple) else []:
            if not isinstance(entry, dict) or depth >= TREE_DEPTH_MAX:
                continue
            children = entry.get("children")
            has_children = isinstance(children, list | tuple) and bool(children)
            icon = glyph(entry.get("icon"), "▸" if has_children else "·")
            content = Text(f"{icon} {text(entry.get('label'))}")  # Tree labels are rich Text
            if entry.get("badge") not in (None, ""):
                content.append(f"  {text(entry.get('badge'))}", style="dim")
            if has_children:
                node = parent.add(content, data=entry)
                self._add(node, children, depth + 1)
                expanded = entry.get("expanded")
                if expanded is True or (expanded is None and depth == 0):
                    node.expand()
            else:
                parent.add_leaf(content, data=entry)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        on_click = (event.node.data or {}).get("on_click")
        if is_action(on_click):
            self.post_message(UiAction(self.ctx.app_id, on_click))


@builder("Tree")
def tree(props: dict[str, Any], ctx: RenderContext) -> Widget:
    nodes = props.get("nodes") or []
    if not isinstance(nodes, list | tuple):
        raise TypeError(f"nodes must be a list, not {type(nodes).__name__}")
    return UiTree(text(props.get("label")), list(nodes), ctx)
