"""Graph, Canvas and AgentPresence in a terminal.

Graph: its nodes in a tree grouped by `color_by` (default "type"), each node's outgoing edges
under it as `→ target (label)`; the border says how many nodes and edges. Canvas: its nodes with
their status (coloured) and metrics, each node's connections under it with protocol, status and
latency. Enter on a node fires `on_node_click` with `{node_id}` over its params (Graph and
Canvas), or the Canvas node's own `on_click`. AgentPresence: one line coloured by status.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.text import Text
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static, Tree

from imperal_tui.renderer.actions import UiAction, is_action, with_params
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder

STATUS_STYLES = {"healthy": "green", "warning": "yellow", "error": "red", "idle": "dim"}
EDGE_STYLES = {"active": "", "congested": "yellow", "failed": "red"}
PRESENCE = {
    "thinking": "$text-primary",
    "executing": "$text-warning",
    "completed": "$text-success",
    "failed": "$text-error",
    "idle": "$text-muted",
}


def entries(props: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = props.get(name) or []
    if not isinstance(value, list | tuple):
        raise TypeError(f"{name} must be a list, not {type(value).__name__}")
    return [e for e in value if isinstance(e, dict)]


class NodeMap(Tree[dict]):
    """Nodes (data: the node dict) with their outgoing edges as leaves."""

    DEFAULT_CSS = """
    NodeMap { height: auto; max-height: 24; background: transparent; padding: 0;
              border: round $panel-lighten-2; }
    """

    def __init__(self, title: str, ctx: RenderContext, on_node_click: Any) -> None:
        super().__init__(Text(title), data={})
        self.show_root = False
        self.ctx = ctx
        self.on_node_click = on_node_click if is_action(on_node_click) else None
        self.border_title = title

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data or {}
        if "id" not in data:
            return
        if is_action(data.get("on_click")):
            self.post_message(UiAction(self.ctx.app_id, data["on_click"]))
        elif self.on_node_click is not None:
            action = with_params(self.on_node_click, {"node_id": data["id"]})
            self.post_message(UiAction(self.ctx.app_id, action))


@builder("Graph")
def graph(props: dict[str, Any], ctx: RenderContext) -> Widget:
    nodes, edges = entries(props, "nodes"), entries(props, "edges")
    names = {text(n.get("id")): text(n.get("label")) or text(n.get("id")) for n in nodes}
    outgoing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        outgoing[text(edge.get("source"))].append(edge)
    group_by = text(props.get("color_by"), "type")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        groups[text(node.get(group_by)) or "other"].append(node)
    tree = NodeMap(f"{len(nodes)} nodes · {len(edges)} edges", ctx, props.get("on_node_click"))
    tree.root.expand()
    for group, members in groups.items():
        branch = tree.root.add(Text(f"{group} ({len(members)})", style="bold"), expand=True)
        for node in members:
            node_id = text(node.get("id"))
            item = branch.add(Text(f"● {names[node_id]}"), data={**node, "id": node_id})
            for edge in outgoing.get(node_id, []):
                target = text(edge.get("target"))
                label = text(edge.get("label"))
                line = f"→ {names.get(target, target)}" + (f" ({label})" if label else "")
                item.add_leaf(Text(line, style="dim"))
    return tree


@builder("Canvas")
def canvas(props: dict[str, Any], ctx: RenderContext) -> Widget:
    nodes, edges = entries(props, "nodes"), entries(props, "edges")
    titles = {text(n.get("id")): text(n.get("title")) or text(n.get("id")) for n in nodes}
    tree = NodeMap(
        f"{len(nodes)} nodes · {len(edges)} connections", ctx, props.get("on_node_click")
    )
    tree.root.expand()
    for node in nodes:
        node_id = text(node.get("id"))
        status = text(node.get("status"), "healthy")
        label = Text(f"{titles[node_id]} ")
        label.append(f"[{status}]", style=STATUS_STYLES.get(status, ""))
        metrics = node.get("metrics")
        if isinstance(metrics, dict) and metrics:
            label.append("  " + " ".join(f"{k}={text(v)}" for k, v in metrics.items()), "dim")
        item = tree.root.add(label, data={**node, "id": node_id}, expand=True)
        for edge in edges:
            if text(edge.get("from")) != node_id:
                continue
            dst = text(edge.get("to"))
            bits = [text(edge.get("protocol")), text(edge.get("status"))]
            if edge.get("latency_ms") is not None:
                bits.append(f"{text(edge.get('latency_ms'))}ms")
            detail = "  ".join(b for b in bits if b)
            style = EDGE_STYLES.get(text(edge.get("status")), "dim") or "dim"
            item.add_leaf(Text(f"→ {titles.get(dst, dst)}  {detail}".rstrip(), style=style))
    return tree


@builder("AgentPresence")
def agent_presence(props: dict[str, Any], ctx: RenderContext) -> Widget:
    status = text(props.get("status"), "active")
    bits = [status, text(props.get("action"))]
    progress = props.get("progress")
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        bits.append(f"{round(progress * 100) if progress <= 1 else round(progress)}%")
    line = "◆ Agent: " + " · ".join(b for b in bits if b)
    return Static(Content.styled(line, PRESENCE.get(status, "$text-accent")))
