"""`imperal_sdk.pipes`: a chain of extension tool calls, described as data.

`Pipe("crm", "find_deal", q="acme").pipe("mail", "draft", to="{{prev.email}}")` builds the
description; the hosted platform (or any runner) executes it. `to_dict()` is the wire form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ExtensionPipe", "Pipe", "PipeStep"]


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a pipe step needs a non-empty {what} string, got {value!r}")
    return value


@dataclass
class PipeStep:
    app_id: str
    tool_name: str
    params_template: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "tool_name": self.tool_name,
            "params_template": dict(self.params_template),
        }


class ExtensionPipe:
    def __init__(self, steps: list[PipeStep] | None = None):
        self.steps: list[PipeStep] = list(steps) if steps else []

    def pipe(self, app_id: str, tool_name: str, **params_template: Any) -> ExtensionPipe:
        """Append a step and return this same pipe, so calls chain."""
        self.steps.append(
            PipeStep(_name(app_id, "app_id"), _name(tool_name, "tool_name"), params_template)
        )
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"type": "extension_pipe", "steps": [s.to_dict() for s in self.steps]}


def Pipe(app_id: str, tool_name: str, **params_template: Any) -> ExtensionPipe:  # noqa: N802
    """Start a pipe with its first step."""
    return ExtensionPipe().pipe(app_id, tool_name, **params_template)
