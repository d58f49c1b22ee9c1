"""Events delivered to `@ext.on_event` handlers, and the webhook request/response pair."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Event", "WebhookRequest", "WebhookResponse"]


@dataclass
class Event:
    event_type: str
    timestamp: str = ""
    user_id: str = ""
    tenant_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)


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

    @staticmethod
    def ok(body: Any = "OK") -> WebhookResponse:
        return WebhookResponse(status_code=200, body=body)

    @staticmethod
    def error(message: str, status: int = 400) -> WebhookResponse:
        return WebhookResponse(status_code=status, body={"error": message})

    def to_dict(self) -> dict[str, Any]:
        return {"status_code": self.status_code, "headers": dict(self.headers), "body": self.body}
