"""ui node trees -> Textual widgets: one small module per node family, one dispatch point."""

from imperal_tui.renderer.actions import UiAction
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.registry import render_node, render_tree

__all__ = ["RenderContext", "UiAction", "render_node", "render_tree"]
