"""ui node trees -> Textual widgets: one small module per node family, one dispatch point.

`imperal_tui.renderer.plain` is the same trees as plain text (no Textual, no rich), for the
headless runner and for the node types that have no widget of their own. The Textual names
below are imported on first use, so importing the plain projection stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RenderContext", "UiAction", "render_node", "render_tree"]

_HOMES = {
    "RenderContext": "imperal_tui.renderer.context",
    "UiAction": "imperal_tui.renderer.actions",
    "render_node": "imperal_tui.renderer.registry",
    "render_tree": "imperal_tui.renderer.registry",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
