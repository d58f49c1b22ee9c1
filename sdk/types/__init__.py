"""Types shared by extensions and the kernel (`imperal_sdk.types`)."""

from sdk.types.action_result import ActionResult
from sdk.types.identity import Tenant, TenantContext, User, UserContext
from sdk.types.models import (
    BalanceInfo,
    ChatResult,
    CompletionResult,
    Document,
    Event,
    FileInfo,
    FunctionCall,
    HealthStatus,
    HTTPResponse,
    HTTPStatusError,
    LimitsResult,
    Page,
    SubscriptionInfo,
    ToolInfo,
    ToolResult,
    WebhookRequest,
    WebhookResponse,
)

__all__ = [
    "ActionResult",
    "BalanceInfo",
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
    "SubscriptionInfo",
    "Tenant",
    "TenantContext",
    "ToolInfo",
    "ToolResult",
    "User",
    "UserContext",
    "WebhookRequest",
    "WebhookResponse",
]
