"""A bare Textual host for one rendered ui tree, for renderer tests: it records the actions
the tree fires (`fired`), and `node()` writes a node dict."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from imperal_tui.renderer import RenderContext, UiAction, render_tree


def node(kind: str, **props) -> dict:
    return {"type": kind, "props": props}


class TreeApp(App):
    """A bare host for one rendered tree that records the actions it fires."""

    def __init__(self, tree: dict) -> None:
        super().__init__()
        self.ui_tree = tree
        self.fired: list[dict] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield render_tree(self.ui_tree, RenderContext("demo"))

    def on_ui_action(self, message: UiAction) -> None:
        self.fired.append(message.action)
