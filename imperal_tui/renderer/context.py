"""What a node builder needs besides the node: which app the tree belongs to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderContext:
    app_id: str
    panel_id: str = ""
