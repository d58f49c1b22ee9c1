"""UINode and UIAction: the wire shape of declarative UI (`{"type", "props"}`, flat actions).

`imperal_sdk.ui.base` is a documented import path for `UINode`; keep it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _serialise(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_serialise(v) for v in value]
    if isinstance(value, dict):
        return {k: _serialise(v) for k, v in value.items()}
    return value


@dataclass(slots=True)
class UINode:
    type: str
    props: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "props": {k: _serialise(v) for k, v in self.props.items() if v is not None},
        }


@dataclass(slots=True)
class UIAction:
    action: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, **_serialise(self.params)}


def node(type_: str, always: dict[str, Any], if_set: dict[str, Any] | None = None) -> UINode:
    """Build a node: `always` props are emitted as given, `if_set` ones only when truthy."""
    props = dict(always)
    for key, value in (if_set or {}).items():
        if value:
            props[key] = value
    return UINode(type_, props)
