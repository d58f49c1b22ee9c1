"""The model's structured way to decline: the `emit_refusal` tool and what it carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_REASON = "external_error"
EMIT_REFUSAL_TOOL: dict[str, Any] = {
    "name": "emit_refusal",
    "description": (
        "Call this instead of answering when the request cannot be done: give the reason, "
        "the message to show the user and what they can do next."
    ),
    "input_schema": {
        "type": "object",
        "properties": {
            "reason": {"type": "string"},
            "user_message": {"type": "string"},
            "next_steps": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["reason", "user_message"],
    },
}

__all__ = ["EMIT_REFUSAL_TOOL", "RefusalEmission", "parse_refusal_tool_use"]


@dataclass(frozen=True)
class RefusalEmission:
    reason: str
    user_message: str
    next_steps: tuple[str, ...] = ()


def parse_refusal_tool_use(tool_use_input: Any) -> RefusalEmission:
    """Read an `emit_refusal` input leniently: missing fields get defaults, never raises."""
    data = tool_use_input if isinstance(tool_use_input, dict) else {}
    steps = data.get("next_steps") or ()
    if isinstance(steps, str):
        steps = (steps,)
    return RefusalEmission(
        reason=str(data.get("reason") or DEFAULT_REASON),
        user_message=str(data.get("user_message") or ""),
        next_steps=tuple(str(s) for s in steps if isinstance(s, (str, int, float))),
    )
