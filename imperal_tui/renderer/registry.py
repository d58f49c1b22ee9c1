"""Dispatch: node type -> builder. Unknown types get a visible placeholder; a builder that
fails gets its own small error box, so one bad node never takes the rest of the tree down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widget import Widget

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.fallback import NodeError, Unsupported

Builder = Callable[[dict[str, Any], RenderContext], Widget]

_BUILDERS: dict[str, Builder] = {}


def builder(*names: str) -> Callable[[Builder], Builder]:
    """Register a builder under one or more node type names (matched without case or `_`)."""

    def register(func: Builder) -> Builder:
        for name in names:
            _BUILDERS[_key(name)] = func
        return func

    return register


def _key(name: str) -> str:
    return name.replace("_", "").lower()


def render_node(node: Any, ctx: RenderContext) -> Widget:
    """One node as one widget; never raises."""
    _load_families()
    if not isinstance(node, dict) or not isinstance(node.get("type"), str):
        return NodeError("?", f"not a ui node: {type(node).__name__}")
    kind = node["type"]
    build = _BUILDERS.get(_key(kind))
    if build is None:
        return _plain_or_unsupported(node, kind)
    props = node.get("props") or {}
    if not isinstance(props, dict):
        return NodeError(kind, "props is not an object")
    try:
        return build(props, ctx)
    except Exception as exc:  # an extension's bad node: show it in place
        return NodeError(kind, f"{type(exc).__name__}: {exc}")


def _plain_or_unsupported(node: dict[str, Any], kind: str) -> Widget:
    """A type without a widget: its plain-text projection if it has one, else a placeholder."""
    from imperal_tui.renderer import plain
    from imperal_tui.renderer.plain_widget import PlainNode

    if plain.known(kind) and isinstance(node.get("props", {}), dict | None):
        return PlainNode(node)
    return Unsupported(kind)


def render_children(children: Any, ctx: RenderContext) -> list[Widget]:
    """A `children` prop (a node, a list of nodes or nothing) as widgets."""
    if children is None:
        return []
    if isinstance(children, dict):
        children = [children]
    if not isinstance(children, list | tuple):
        raise TypeError(f"children must be a list of nodes, not {type(children).__name__}")
    return [render_node(child, ctx) for child in children]


def render_later(children: Any, ctx: RenderContext, kind: str) -> list[Widget]:
    """`render_children` for a body built after its builder returned (a tab shown for the first
    time, a section opened, an overlay pushed): bad children become `kind`'s error box there."""
    try:
        return render_children(children, ctx)
    except Exception as exc:
        return [NodeError(kind, f"{type(exc).__name__}: {exc}")]


def render_tree(tree: Any, ctx: RenderContext) -> Widget:
    """A panel's answer: a bare tree or a `{"ui": tree}` envelope."""
    if isinstance(tree, dict) and isinstance(tree.get("ui"), dict):
        tree = tree["ui"]
    return render_node(tree, ctx)


_loaded = False


def _load_families() -> None:
    """Import the family modules once; each registers its builders."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from imperal_tui.renderer import (  # noqa: F401
        accordion,
        chart,
        choice_fields,
        data,
        display,
        editors,
        feedback,
        fields,
        form,
        graphs,
        interactive,
        layout,
        list_view,
        live,
        media,
        menus,
        overlays,
        records,
        stage,
        table,
        tabs,
        typed_fields,
    )
