"""What a node becomes when it cannot be drawn: visible, small, and never a traceback."""

from __future__ import annotations

from textual.widgets import Static


class Unsupported(Static):
    """A node type this renderer does not know yet."""

    DEFAULT_CSS = """
    Unsupported {
        height: auto;
        color: $text-warning;
        border: dashed $warning;
        padding: 0 1;
    }
    """

    def __init__(self, kind: str) -> None:
        super().__init__(f"[unsupported: {kind}]", markup=False)
        self.kind = kind


class NodeError(Static):
    """A node whose builder failed; the rest of its tree still renders."""

    DEFAULT_CSS = """
    NodeError {
        height: auto;
        color: $text-error;
        border: round $error;
        padding: 0 1;
    }
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"⚠ {kind} failed to render: {message}"[:300], markup=False)
        self.kind = kind
