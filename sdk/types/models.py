"""Plain data types that cross the ctx boundary (documents, HTTP responses, billing records).

`Page`, `Event`, `WebhookRequest`/`WebhookResponse`, `HealthStatus` and `ChatResult`/
`FunctionCall` live in their own modules and are re-exported here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sdk.types.chat_result import ChatResult, FunctionCall
from sdk.types.events import Event, WebhookRequest, WebhookResponse
from sdk.types.health import HEALTH_STATES, HealthStatus
from sdk.types.pagination import Page, T

__all__ = [
    "HEALTH_STATES",
    "AutoTopupSettings",
    "BalanceInfo",
    "ChangePlanResult",
    "ChatResult",
    "CompletionResult",
    "Document",
    "Event",
    "FileInfo",
    "FunctionCall",
    "HTTPResponse",
    "HTTPStatusError",
    "HealthStatus",
    "LimitsResult",
    "Page",
    "PaymentMethod",
    "PaymentRecord",
    "PlanInfo",
    "SetupIntentResult",
    "SubscriptionInfo",
    "T",
    "ToolInfo",
    "ToolResult",
    "TopupResult",
    "WebhookRequest",
    "WebhookResponse",
]


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


class HTTPStatusError(Exception):
    def __init__(self, status_code: int, body: Any = None):
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


@dataclass
class AutoTopupSettings:
    enabled: bool = False
    threshold_pct: int = 10
    recharge_tokens: int = 20000
    recharge_cents: int = 2000
    payment_method_id: str = ""


@dataclass
class ChangePlanResult:
    action: str = ""
    plan: str = ""
    succeeded: bool = False
    requires_action: bool = False
    client_secret: str = ""
    effective_at: str = ""
    pending: bool = False


@dataclass
class PaymentMethod:
    id: str = ""
    type: str = "card"
    brand: str = ""
    last4: str = ""
    exp_month: int = 0
    exp_year: int = 0
    is_default: bool = False


@dataclass
class PaymentRecord:
    payment_intent_id: str = ""
    amount_cents: int = 0
    currency: str = "usd"
    tokens: int = 0
    status: str = ""
    type: str = ""
    created_at: str | None = None
    completed_at: str | None = None
    receipt_url: str = ""


@dataclass
class PlanInfo:
    id: str = ""
    name: str = ""
    price: float = 0.0
    interval: str = "monthly"
    features: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)


@dataclass
class SetupIntentResult:
    client_secret: str = ""
    publishable_key: str = ""


@dataclass
class TopupResult:
    client_secret: str = ""
    payment_intent_id: str = ""
    publishable_key: str = ""
    succeeded: bool = False
    requires_action: bool = False


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
