"""A panel's ui tree cut to a size the terminal can draw: at most `max_nodes` nodes and
`max_depth` levels, in reading order (depth first), so a 50,000-node answer costs what a
small one does. Pure data in, data out (no Textual): the caller says how much was left out.

A node is a dict with a string `type`; its child nodes may sit in any prop (`children`,
`items`, `tabs`, a single node such as `badge`), so every prop value is walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_NODES = 200  # a panel draws at most this many nodes (a screen shows fewer rows)
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
    within bounds comes back unchanged (the same object). One walk of the tree."""
    if max_nodes < 1 or max_depth < 1:
        raise ValueError("max_nodes and max_depth must be at least 1")
    walk = _Walk(max_nodes, max_depth)
    cut = walk.copy(tree, 0)
    kept = max_nodes - walk.budget
    if not walk.dropped:
        return Bounded(tree, kept, 0)
    return Bounded(cut, kept, walk.dropped)


_CUT = object()  # a node that did not fit


class _Walk:
    def __init__(self, max_nodes: int, max_depth: int) -> None:
        self.budget = max_nodes
        self.max_depth = max_depth
        self.dropped = 0

    def copy(self, value: Any, depth: int) -> Any:
        """A copy of `value` that takes nodes from the budget in reading order (the recursion
        stops at `max_depth`); `_CUT` for a node that does not fit (counted in `dropped`)."""
        if isinstance(value, dict):
            if isinstance(value.get("type"), str):
                if self.budget <= 0 or depth >= self.max_depth:
                    self.dropped += count_nodes(value)
                    return _CUT
                self.budget -= 1
                depth += 1
            out = {}
            for key, item in value.items():
                copied = self.copy(item, depth)
                if copied is not _CUT:
                    out[key] = copied
            return out
        if isinstance(value, list | tuple):
            if self.budget <= 0:  # nothing more fits: count what this list holds
                kept = [item for item in value if not is_node(item)]
                self.dropped += sum(count_nodes(item) for item in value if is_node(item))
                return [self.copy(item, depth) for item in kept]
            items = (self.copy(item, depth) for item in value)
            return [item for item in items if item is not _CUT]
        return value
