"""ui node trees as plain text: every node type, at any width, with no Textual or rich.

`render_text(tree, width)` is what the headless runner prints; the TUI uses `node_lines` for the
node types it has no widget for. Projections live in small family modules registered on first
use.
"""

from __future__ import annotations

from typing import Any

from imperal_tui.renderer.plain.core import PROJECTIONS, key, node_lines

__all__ = ["known", "lines", "render_text"]

_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        from imperal_tui.renderer.plain import content, controls, layout, live  # noqa: F401


def known(kind: str) -> bool:
    """Whether `kind` has a projection of its own (other types get a placeholder)."""
    _load()
    return key(kind) in PROJECTIONS


def lines(node: Any, width: int = 80) -> list[str]:
    _load()
    return node_lines(node, width)


def render_text(tree: Any, width: int = 80) -> str:
    """A panel answer (a bare tree or a `{"ui": tree}` envelope) as text, one line per row."""
    if isinstance(tree, dict) and isinstance(tree.get("ui"), dict):
        tree = tree["ui"]
    out = lines(tree, width)
    return "\n".join(out) + ("\n" if out else "")
