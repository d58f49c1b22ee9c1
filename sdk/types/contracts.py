"""Strict pydantic contracts for the SDK's own wire dicts: ActionResult, ChatResult,
FunctionCall and events, with their JSON schemas and `validate_*_dict` checks (rules AR*, CR*,
FC*, EV*; see `sdk.types._contract`)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sdk.types._contract import check

EVENT_TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(?:[.:][a-z0-9_]+)+$")
EVENT_SOURCES = ("user", "system", "automation", "rbac", "mcp", "webhook")

__all__ = [
    "ACTION_RESULT_SCHEMA",
    "CHAT_RESULT_SCHEMA",
    "EVENT_SCHEMA",
    "EVENT_TYPE_PATTERN",
    "FUNCTION_CALL_SCHEMA",
    "ActionResultModel",
    "ChatResultModel",
    "Event",
    "EventModel",
    "FunctionCallModel",
    "get_action_result_schema",
    "get_chat_result_schema",
    "get_event_schema",
    "get_function_call_schema",
    "validate_action_result_dict",
    "validate_chat_result_dict",
    "validate_event_dict",
    "validate_function_call_dict",
]

_STRICT = ConfigDict(extra="forbid")


class ActionResultModel(BaseModel):
    """`ActionResult.to_dict()`."""

    model_config = _STRICT
    status: Literal["success", "error"]
    summary: str = ""
    data: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    retryable: bool = False
    ui: dict[str, Any] | None = None
    refresh_panels: list[str] | None = None


class FunctionCallModel(BaseModel):
    """`FunctionCall.to_dict()`."""

    model_config = _STRICT
    name: str
    params: dict[str, Any] = Field(default_factory=dict)
    action_type: Literal["read", "write", "destructive"]
    success: bool
    result: dict[str, Any] | None = None
    intercepted: bool = False
    event: str = ""


class ChatResultModel(BaseModel):
    """`ChatResult.to_dict()` (private fields under their underscore keys)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    response: str = ""
    handled: bool = Field(default=False, alias="_handled")
    functions_called: list[FunctionCallModel] = Field(
        default_factory=list, alias="_functions_called"
    )
    had_successful_action: bool = Field(default=False, alias="_had_successful_action")
    message_type: str = Field(default="text", alias="_message_type")
    action_meta: dict[str, Any] = Field(default_factory=dict, alias="_action_meta")
    intercepted: bool = Field(default=False, alias="_intercepted")
    task_cancelled: bool = Field(default=False, alias="_task_cancelled")
    narration_emission: dict[str, Any] | None = Field(default=None, alias="_narration_emission")


def _event_type(value: str) -> str:
    if not EVENT_TYPE_PATTERN.fullmatch(value):
        raise ValueError(
            f"event_type {value!r} must be lower-case segments joined by '.' or ':' "
            "(at least two segments)"
        )
    return value


class EventModel(BaseModel):
    """An event as delivered to `@ext.on_event` handlers."""

    model_config = _STRICT
    event_type: str
    timestamp: str = ""
    user_id: str = ""
    tenant_id: str = ""
    data: dict[str, Any] = Field(default_factory=dict)
    event_id: str | None = None
    schema_version: int | None = Field(default=None, ge=1)
    source: Literal["user", "system", "automation", "rbac", "mcp", "webhook"] | None = None

    @field_validator("event_type")
    @classmethod
    def _check_type(cls, value: str) -> str:
        return _event_type(value)


class Event(BaseModel):
    """The platform's structured event record (type, scope, action, actor)."""

    model_config = _STRICT
    type: str
    scope: str
    action: str
    actor: str
    tenant_id: str = ""
    user_id: str = ""
    timestamp: str = ""
    data: dict[str, Any] = Field(default_factory=dict)
    event_id: str | None = None
    schema_version: int | None = Field(default=None, ge=1)
    source: Literal["user", "system", "automation", "rbac", "mcp", "webhook"] | None = None


ACTION_RESULT_SCHEMA = ActionResultModel.model_json_schema()
CHAT_RESULT_SCHEMA = ChatResultModel.model_json_schema(by_alias=True)
EVENT_SCHEMA = EventModel.model_json_schema()
FUNCTION_CALL_SCHEMA = FunctionCallModel.model_json_schema()


def get_action_result_schema() -> dict[str, Any]:
    return ActionResultModel.model_json_schema()


def get_chat_result_schema() -> dict[str, Any]:
    return ChatResultModel.model_json_schema(by_alias=True)


def get_event_schema() -> dict[str, Any]:
    return EventModel.model_json_schema()


def get_function_call_schema() -> dict[str, Any]:
    return FunctionCallModel.model_json_schema()


def validate_action_result_dict(data: Any) -> list[Any]:
    return check(ActionResultModel, "AR", data)


def validate_chat_result_dict(data: Any) -> list[Any]:
    return check(ChatResultModel, "CR", data)


def validate_event_dict(data: Any) -> list[Any]:
    return check(EventModel, "EV", data)


def validate_function_call_dict(data: Any) -> list[Any]:
    return check(FunctionCallModel, "FC", data)
