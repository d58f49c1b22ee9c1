"""Canvas: a live system map (services as nodes at x/y, connections as edges with status)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk.ui.base import UIAction, UINode, _serialise

__all__ = ["Canvas", "CanvasEdge", "CanvasNode", "UIAction", "UINode"]


@dataclass
class CanvasNode:
    """A box on the canvas; `status` (healthy, degraded, down, ...) colours it."""

    id: str
    title: str
    x: float = 0.0
    y: float = 0.0
    type: str = "service"
    status: str = "healthy"
    metrics: dict[str, Any] = field(default_factory=dict)
    icon: str = ""
    on_click: Any = None

    def to_dict(self) -> dict[str, Any]:
        wire = {
            "id": self.id,
            "title": self.title,
            "x": self.x,
            "y": self.y,
            "type": self.type,
            "status": self.status,
            "metrics": self.metrics,
            "icon": self.icon,
        }
        if self.on_click is not None:
            wire["on_click"] = _serialise(self.on_click)
        return wire


@dataclass
class CanvasEdge:
    """A connection between two nodes, by id; `latency_ms` is shown when known."""

    from_node: str
    to_node: str
    protocol: str = ""
    status: str = "active"
    latency_ms: Any = None
    animated: bool = True

    def to_dict(self) -> dict[str, Any]:
        wire = {
            "from": self.from_node,
            "to": self.to_node,
            "protocol": self.protocol,
            "status": self.status,
            "animated": self.animated,
        }
        if self.latency_ms is not None:
            wire["latency_ms"] = self.latency_ms
        return wire


def _element(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


def Canvas(
    nodes: Any,
    edges: Any = None,
    *,
    height: int = 700,
    interactive: bool = True,
    show_minimap: bool = True,
    show_controls: bool = True,
    on_node_click: Any = None,
) -> UINode:
    """`nodes` and `edges` are CanvasNode/CanvasEdge (or their dict forms)."""
    return UINode(
        "Canvas",
        {
            "nodes": [_element(n) for n in nodes],
            "edges": [_element(e) for e in (edges or [])],
            "height": height,
            "interactive": interactive,
            "show_minimap": show_minimap,
            "show_controls": show_controls,
            "on_node_click": on_node_click,
        },
    )
