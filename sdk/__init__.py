"""imperal-shell's SDK: the documented `imperal_sdk` API (importable as `imperal_sdk`)."""

from sdk import ui
from sdk.chat import ChatExtension, FunctionDef, TaskCancelled
from sdk.context import Context, SkeletonAccessForbidden, TimeContext
from sdk.extension import (
    EmitsDef,
    EventHandlerDef,
    ExposedMethod,
    Extension,
    HealthCheckDef,
    LifecycleHook,
    ScheduleDef,
    SignalDef,
    ToolDef,
    TrayDef,
    WebhookDef,
)
from sdk.types import (
    ActionResult,
    CompletionResult,
    Document,
    Event,
    FileInfo,
    HTTPResponse,
    Page,
    Tenant,
    TenantContext,
    User,
    UserContext,
)

__version__ = "5.0.1"

__all__ = [
    "ActionResult",
    "ChatExtension",
    "CompletionResult",
    "Context",
    "Document",
    "EmitsDef",
    "Event",
    "EventHandlerDef",
    "ExposedMethod",
    "Extension",
    "FileInfo",
    "FunctionDef",
    "HTTPResponse",
    "HealthCheckDef",
    "LifecycleHook",
    "Page",
    "ScheduleDef",
    "SignalDef",
    "SkeletonAccessForbidden",
    "TaskCancelled",
    "Tenant",
    "TenantContext",
    "TimeContext",
    "ToolDef",
    "TrayDef",
    "User",
    "UserContext",
    "WebhookDef",
    "__version__",
    "ui",
]
