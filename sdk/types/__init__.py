"""Types shared by extensions and the kernel (`imperal_sdk.types`)."""

from sdk.types.action_result import ActionResult
from sdk.types.identity import Tenant, TenantContext, User, UserContext
from sdk.types.models import (
    CompletionResult,
    Document,
    Event,
    FileInfo,
    HTTPResponse,
    HTTPStatusError,
    Page,
)

__all__ = [
    "ActionResult",
    "CompletionResult",
    "Document",
    "Event",
    "FileInfo",
    "HTTPResponse",
    "HTTPStatusError",
    "Page",
    "Tenant",
    "TenantContext",
    "User",
    "UserContext",
]
