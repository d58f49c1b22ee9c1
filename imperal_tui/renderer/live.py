"""Ghost: a node still being worked on, drawn faded behind a shaded margin with its reason.

(Stage and MorphingState are in `stage.py`; Modal, Dialog, SlideOver and Toast in `overlays.py`;
canvases and presence lines are drawn by their plain projection.)
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder, render_children


class UiGhost(Vertical):
    DEFAULT_CSS = """
    UiGhost { height: auto; opacity: 60%; border-left: outer $panel-lighten-2; padding-left: 1; }
    UiGhost > .ui-ghost-reason { color: $text-muted; text-style: italic; }
    """


@builder("Ghost")
def ghost(props: dict[str, Any], ctx: RenderContext) -> Widget:
    body = render_children(props.get("child"), ctx)
    reason = text(props.get("reason"), "working…")
    return UiGhost(*body, Static(f"░ {reason}", markup=False, classes="ui-ghost-reason"))
