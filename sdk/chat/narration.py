"""The model's structured report of what a turn did: the `emit_narration` tool."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError

__all__ = [
    "EMIT_NARRATION_TOOL",
    "NarrationEmission",
    "PerCallVerdict",
    "TaskTargets",
    "parse_narration_emission",
]


class PerCallVerdict(BaseModel):
    call_index: int
    name: str
    status: str
    user_phrasing: str


class TaskTargets(BaseModel):
    expected: int | None = None
    succeeded: int = 0


class NarrationEmission(BaseModel):
    mode: str
    prose: str
    per_call_verdicts: list[PerCallVerdict] = Field(default_factory=list)
    task_targets: TaskTargets
    identifiers_used: list[str] = Field(default_factory=list)


EMIT_NARRATION_TOOL: dict[str, Any] = {
    "name": "emit_narration",
    "description": (
        "Report to the user what this turn did: one verdict per function call, in order, "
        "and the prose to show. Never claim a call succeeded that did not."
    ),
    "input_schema": NarrationEmission.model_json_schema(),
}


def parse_narration_emission(tool_input: Any) -> NarrationEmission | None:
    """The emission, or None when the input does not fit the schema."""
    try:
        return NarrationEmission.model_validate(tool_input)
    except ValidationError:
        return None
