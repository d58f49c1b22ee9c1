"""Plain data types that cross the ctx boundary (documents, pages, HTTP responses, events)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


@dataclass
class Document:
    id: str
    collection: str
    data: dict[str, Any]
    extension_id: str = ""
    tenant_id: str = "default"
    created_at: str = ""
    updated_at: str = ""
    user_id: str = ""
    etag: str = ""

    def __getitem__(self, key: str) -> Any:
        """`doc["k"]` reads `data["k"]`; `doc["id"]` falls back to the document's own id (the
        seed README indexes store rows as `m["id"]`), so data keys always win."""
        if key == "id" and key not in self.data:
            return self.id
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        if key == "id" and key not in self.data:
            return self.id
        return self.data.get(key, default)


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    data: list[T]
    cursor: str | None = None
    has_more: bool = False
    total: int | None = None

    def __iter__(self):  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class HTTPStatusError(Exception):
    def __init__(self, status_code: int, body: Any = ""):
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.body = body


@dataclass
class HTTPResponse:
    status_code: int
    body: Any = ""
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        if isinstance(self.body, (dict, list)):
            return self.body
        if isinstance(self.body, bytes):
            return json.loads(self.body.decode())
        return json.loads(self.body)

    def text(self) -> str:
        if isinstance(self.body, str):
            return self.body
        if isinstance(self.body, bytes):
            return self.body.decode(errors="replace")
        return json.dumps(self.body)

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise HTTPStatusError(self.status_code, self.body)


@dataclass
class CompletionResult:
    text: str
    model: str = ""
    usage: dict[str, Any] = field(default_factory=dict)
    stop_reason: str = ""


@dataclass
class FileInfo:
    path: str
    size: int = 0
    content_type: str = ""
    created_at: str = ""
    url: str = ""


@dataclass
class Event:
    event_type: str
    timestamp: str = ""
    user_id: str = ""
    tenant_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)


# -- chat --------------------------------------------------------------------------------------


@dataclass
class FunctionCall:
    """One audit entry of a chat turn (`_functions_called[]`)."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)
    action_type: str = "read"
    success: bool = False
    intercepted: bool = False
    event: str = ""
    result: Any = None

    def to_dict(self) -> dict[str, Any]:
        result = self.result
        if hasattr(result, "to_dict"):
            result = result.to_dict()
        return {
            "name": self.name,
            "params": self.params,
            "action_type": self.action_type,
            "success": self.success,
            "intercepted": self.intercepted,
            "event": self.event,
            "result": result,
        }


@dataclass
class ChatResult:
    """A chat reply; private fields serialise with underscore-prefixed keys."""

    response: str = ""
    handled: bool = False
    functions_called: list[FunctionCall] = field(default_factory=list)
    message_type: str = "text"
    action_meta: dict[str, Any] | None = None
    task_cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "response": self.response,
            "_handled": self.handled,
            "_functions_called": [
                fc.to_dict() if hasattr(fc, "to_dict") else fc for fc in self.functions_called
            ],
            "_message_type": self.message_type,
        }
        if self.action_meta is not None:
            out["_action_meta"] = self.action_meta
        if self.task_cancelled:
            out["_task_cancelled"] = True
        return out


# -- billing -----------------------------------------------------------------------------------


@dataclass
class LimitsResult:
    allowed: bool = True
    balance: int = 0
    plan: str = ""
    limits: dict[str, Any] = field(default_factory=dict)
    message: str = ""


@dataclass
class SubscriptionInfo:
    plan_id: str = ""
    plan_name: str = ""
    status: str = ""
    period: str = "monthly"
    current_period_start: str = ""
    current_period_end: str = ""


@dataclass
class BalanceInfo:
    balance: int = 0
    plan: str = ""
    cap: int = 0


# -- ctx.tools (5.0.1) --------------------------------------------------------------------------


@dataclass
class ToolInfo:
    activity_name: str
    app_id: str = ""
    tool_name: str = ""
    description: str = ""
    score: float = 0.0


@dataclass
class ToolResult:
    response: Any = None
    app_id: str = ""
    tool_name: str = ""


# -- webhooks and health -----------------------------------------------------------------------


@dataclass
class WebhookRequest:
    method: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | str = b""
    query_params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        if isinstance(self.body, bytes):
            return self.body.decode("utf-8", errors="replace")
        return str(self.body)

    def json(self) -> Any:
        return json.loads(self.text() or "null")


@dataclass
class WebhookResponse:
    status_code: int = 200
    body: Any = ""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def ok(cls, body: Any = "OK") -> WebhookResponse:
        return cls(status_code=200, body=body)

    @classmethod
    def error(cls, message: str, status: int = 400) -> WebhookResponse:
        return cls(status_code=status, body={"error": message})

    def to_dict(self) -> dict[str, Any]:
        return {"status_code": self.status_code, "body": self.body, "headers": dict(self.headers)}


HEALTH_STATES = ("ok", "degraded", "unhealthy")


@dataclass
class HealthStatus:
    status: str
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def ok(cls, details: dict[str, Any] | None = None) -> HealthStatus:
        return cls(status="ok", details=dict(details or {}))

    @classmethod
    def degraded(cls, message: str = "") -> HealthStatus:
        return cls(status="degraded", message=message)

    @classmethod
    def unhealthy(cls, message: str = "") -> HealthStatus:
        return cls(status="unhealthy", message=message)

    @property
    def healthy(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "details": self.details}
