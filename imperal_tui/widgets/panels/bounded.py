"""A panel's ui tree cut to a size the terminal can draw: at most `max_nodes` nodes and
`max_depth` levels, in reading order (depth first), so a 50,000-node answer costs what a
small one does. Pure data in, data out (no Textual): the caller says how much was left out.

A node is a dict with a string `type`; its child nodes may sit in any prop (`children`,
`items`, `tabs`, a single node such as `badge`), so every prop value is walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_NODES = 400  # a panel draws at most this many nodes
MAX_DEPTH = 48  # and nests at most this deep (deeper nodes count as left out)


@dataclass(frozen=True)
class Bounded:
    tree: Any  # the tree to render (the original object when nothing was cut)
    kept: int  # nodes kept
    dropped: int  # nodes left out (0: the whole tree)


def is_node(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("type"), str)


def count_nodes(tree: Any, limit: int | None = None) -> int:
    """Nodes in `tree` (walked without recursion, so any depth is fine); stops at `limit`."""
    count, stack = 0, [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("type"), str):
                count += 1
                if limit is not None and count >= limit:
                    return count
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return count


def bound_tree(tree: Any, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Bounded:
    """`tree` with at most `max_nodes` nodes and `max_depth` levels of nodes.

    Nodes past the budget are left out of their lists (and single-node props are removed);
    everything that is not a node (strings, numbers, table rows) is kept as it is. A tree
    within bounds comes back unchanged (the same object)."""
    if max_nodes < 1 or max_depth < 1:
        raise ValueError("max_nodes and max_depth must be at least 1")
    total = count_nodes(tree)
    if total <= max_nodes and _depth_within(tree, max_depth):
        return Bounded(tree, total, 0)
    budget = [max_nodes]
    cut = _copy(tree, budget, 0, max_depth)
    kept = max_nodes - budget[0]
    return Bounded(cut, kept, total - kept)


def _depth_within(tree: Any, max_depth: int) -> bool:
    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("type"), str):
                depth += 1
                if depth > max_depth:
                    return False
            stack.extend((v, depth) for v in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((v, depth) for v in value)
    return True


_CUT = object()  # a node that did not fit


def _copy(value: Any, budget: list[int], depth: int, max_depth: int) -> Any:
    """A copy of `value` that takes nodes from `budget` in reading order (depth <= max_depth,
    so the recursion is bounded too); `_CUT` for a node that does not fit."""
    if isinstance(value, dict):
        if isinstance(value.get("type"), str):
            if budget[0] <= 0 or depth >= max_depth:
                return _CUT
            budget[0] -= 1
            depth += 1
        out = {}
        for key, item in value.items():
            copied = _copy(item, budget, depth, max_depth)
            if copied is not _CUT:
                out[key] = copied
        return out
    if isinstance(value, list | tuple):
        items = (_copy(item, budget, depth, max_depth) for item in value)
        return [item for item in items if item is not _CUT]
    return value
