"""imperal-shell's SDK: the documented `imperal_sdk` API (importable as `imperal_sdk`)."""

from sdk import ui
from sdk.chat import ChatExtension, FunctionDef, TaskCancelled  # noqa: F401
from sdk.context import Context, TimeContext  # noqa: F401
from sdk.errors import (
    APIError,
    CircularCallError,
    ExtensionError,
    ImperalError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
    SkeletonAccessForbidden,
    ValidationError,
)
from sdk.extension import (
    EmitsDef,  # noqa: F401
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
    BalanceInfo,
    ChatResult,
    CompletionResult,
    Document,
    Event,
    FileInfo,
    FunctionCall,
    HealthStatus,
    HTTPResponse,
    LimitsResult,
    Page,
    SubscriptionInfo,
    Tenant,
    TenantContext,
    User,
    UserContext,
    WebhookRequest,
    WebhookResponse,
)

__version__ = "5.0.1"

__all__ = [
    # classes
    "Extension",
    "ToolDef",
    "SignalDef",
    "ScheduleDef",
    "LifecycleHook",
    "HealthCheckDef",
    "WebhookDef",
    "EventHandlerDef",
    "ExposedMethod",
    "TrayDef",
    "Context",
    "ImperalAuth",
    "AuthError",
    "User",
    "UserContext",
    "Tenant",
    "TenantContext",
    "ChatExtension",
    "ActionResult",
    # manifest
    "generate_manifest",
    "save_manifest",
    # inter-extension
    "ExtensionsClient",
    "CircularCallError",
    # LLM
    "get_llm_provider",
    "LLMProvider",
    "LLMConfig",
    "LLMUsage",
    "MessageAdapter",
    # errors
    "ImperalError",
    "APIError",
    "NotFoundError",
    "RateLimitError",
    "ValidationError",
    "ExtensionError",
    "QuotaExceededError",
    "SkeletonAccessForbidden",
    # types
    "Page",
    "ChatResult",
    "FunctionCall",
    "Document",
    "CompletionResult",
    "LimitsResult",
    "SubscriptionInfo",
    "BalanceInfo",
    "FileInfo",
    "HTTPResponse",
    "Event",
    "WebhookRequest",
    "WebhookResponse",
    "HealthStatus",
    # protocol and validators
    "ExtensionProtocol",
    "validate_extension",
    "ValidationReport",
    "ValidationIssue",
    "validate_source_tree",
    "validate_manifest_v1_6_0",
    # module
    "ui",
]

# Resolved on first use (PEP 562): validators, manifest, secrets and friends are not needed to
# load and run an extension, and importing them eagerly would slow every start.
_LAZY = {
    "AuthError": "sdk.auth",
    "ExtensionProtocol": "sdk.protocol",
    "ExtensionsClient": "sdk.extensions",
    "ImperalAuth": "sdk.auth",
    "LLMConfig": "sdk.llm",
    "LLMProvider": "sdk.llm",
    "LLMUsage": "sdk.llm",
    "MessageAdapter": "sdk.llm",
    "SecretClient": "sdk.secrets",
    "SecretDeclarationConflict": "sdk.secrets",
    "SecretNotDeclaredError": "sdk.secrets",
    "SecretSpec": "sdk.secrets",
    "SecretStatus": "sdk.secrets",
    "SecretValueTooLarge": "sdk.secrets",
    "SecretVaultUnavailable": "sdk.secrets",
    "SecretWriteForbidden": "sdk.secrets",
    "ValidationIssue": "sdk.validator",
    "ValidationReport": "sdk.validator",
    "generate_manifest": "sdk.manifest",
    "get_llm_provider": "sdk.llm",
    "save_manifest": "sdk.manifest",
    "sdl": "sdk.sdl",
    "validate_extension": "sdk.validator",
    "validate_manifest_v1_6_0": "sdk.validator_v1_6_0",
    "validate_source_tree": "sdk.validator",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sdk' has no attribute {name!r}")
    import importlib

    loaded = importlib.import_module(module)
    value = loaded if module.endswith("." + name) else getattr(loaded, name)
    globals()[name] = value
    return value
