"""Graph node: an entity-relationship graph (nodes and edges) drawn by the panel."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode  # noqa: F401 (UIAction is re-exported, as documented)

LAYOUTS = ("cose-bilkent", "circle", "grid", "breadthfirst", "concentric")


def _flatten(element: Any) -> dict[str, Any]:
    """`{"data": {...}}` becomes the inner dict; a dict is copied; `to_dict` is called."""
    if isinstance(element, dict):
        inner = element.get("data")
        if isinstance(inner, dict):
            return dict(inner)
        return dict(element)
    if hasattr(element, "to_dict"):
        flat = element.to_dict()
        return dict(flat) if isinstance(flat, dict) else {}
    return {}


def Graph(
    nodes: list[Any],
    edges: list[Any],
    layout: str = "cose-bilkent",
    height: int = 600,
    min_node_size: float = 10.0,
    max_node_size: float = 50.0,
    edge_label_visible: bool = False,
    color_by: str = "type",
    on_node_click: Any = None,
) -> UINode:
    return UINode(
        "Graph",
        {
            "nodes": [_flatten(n) for n in nodes],
            "edges": [_flatten(e) for e in edges],
            "layout": layout,
            "height": height,
            "min_node_size": min_node_size,
            "max_node_size": max_node_size,
            "edge_label_visible": edge_label_visible,
            "color_by": color_by,
            "on_node_click": on_node_click,
        },
    )
