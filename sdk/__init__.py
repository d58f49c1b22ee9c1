"""imperal-shell's SDK: the documented `imperal_sdk` API (importable as `imperal_sdk`)."""

__version__ = "5.11.0"

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

# Every name resolves on first use (PEP 562): `import sdk.store` (the kernel) must not pay for
# chat, ui and the pydantic models, and an extension pays only for what it touches.
_LAZY = {
    "APIError": "sdk.errors",
    "ActionResult": "sdk.types",
    "BalanceInfo": "sdk.types",
    "ChatExtension": "sdk.chat",
    "ChatResult": "sdk.types",
    "CircularCallError": "sdk.errors",
    "CompletionResult": "sdk.types",
    "Context": "sdk.context",
    "Document": "sdk.types",
    "EmitsDef": "sdk.extension",
    "Event": "sdk.types",
    "EventHandlerDef": "sdk.extension",
    "ExposedMethod": "sdk.extension",
    "Extension": "sdk.extension",
    "ExtensionError": "sdk.errors",
    "FileInfo": "sdk.types",
    "FunctionCall": "sdk.types",
    "FunctionDef": "sdk.chat",
    "HTTPResponse": "sdk.types",
    "HealthCheckDef": "sdk.extension",
    "HealthStatus": "sdk.types",
    "ImperalError": "sdk.errors",
    "LifecycleHook": "sdk.extension",
    "LimitsResult": "sdk.types",
    "NotFoundError": "sdk.errors",
    "Page": "sdk.types",
    "QuotaExceededError": "sdk.errors",
    "RateLimitError": "sdk.errors",
    "ScheduleDef": "sdk.extension",
    "SignalDef": "sdk.extension",
    "SkeletonAccessForbidden": "sdk.errors",
    "SubscriptionInfo": "sdk.types",
    "TaskCancelled": "sdk.chat",
    "Tenant": "sdk.types",
    "TenantContext": "sdk.types",
    "TimeContext": "sdk.context",
    "ToolDef": "sdk.extension",
    "TrayDef": "sdk.extension",
    "User": "sdk.types",
    "UserContext": "sdk.types",
    "ValidationError": "sdk.errors",
    "WebhookDef": "sdk.extension",
    "WebhookRequest": "sdk.types",
    "WebhookResponse": "sdk.types",
    "ui": "sdk.ui",
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


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sdk' has no attribute {name!r}")
    import importlib

    loaded = importlib.import_module(module)
    value = loaded if module.endswith("." + name) else getattr(loaded, name)
    globals()[name] = value
    return value
