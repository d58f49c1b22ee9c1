"""Stage: one titled step of a command-driven flow, holding that step's content.

A stage knows its command (its `id` unless given), its hotkeys and status; when the step ends,
`generate_receipt()` gives the one-line record left behind in the transcript.
"""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, _serialise


class Stage(UINode):
    """Extra keyword arguments become extra props."""

    def __init__(
        self,
        id: Any,
        title: Any,
        content: Any = None,
        hotkeys: Any = None,
        receipt: Any = None,
        telemetry: Any = None,
        auto_collapse: Any = True,
        command: Any = None,
        status: Any = "active",
        **extra_props: Any,
    ) -> None:
        # A tuple of nodes is taken as a list (the reference wraps it whole, which cannot be
        # serialised); everything else matches the reference.
        if content is None:
            children: list[Any] = []
        elif isinstance(content, list | tuple):
            children = list(content)
        else:
            children = [content]
        props: dict[str, Any] = {
            "id": id,
            "title": title,
            "command": command or id,
            "hotkeys": hotkeys or {},
            "auto_collapse": auto_collapse,
            "status": status,
            "telemetry": telemetry or {},
            "children": children,
        }
        props.update(extra_props)
        super().__init__("Stage", props)
        self._children = children
        self._receipt_template = receipt

    def to_dict(self) -> dict[str, Any]:
        wire = UINode.to_dict(self)
        wire["children"] = _serialise(self._children)
        return wire

    def generate_receipt(
        self, result: Any = None, delta: Any = None, duration_ms: Any = None
    ) -> str:
        """The step's one-line record: `❯ command: what changed ── [time] ✓`.

        A string `receipt` given to the stage is used as it is instead.
        """
        if isinstance(self._receipt_template, str) and self._receipt_template:
            return self._receipt_template
        took = "OK" if duration_ms is None else f"{duration_ms}ms"
        return f"❯ {self.props.get('command')}: {delta or self.props.get('title')} ── [{took}] ✓"
