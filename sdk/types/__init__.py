"""Types shared by extensions and the kernel (`imperal_sdk.types`)."""

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

_MODULES = {
    "ActionResult": "sdk.types.action_result",
    **dict.fromkeys(("Tenant", "TenantContext", "User", "UserContext"), "sdk.types.identity"),
}


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str):
    """Names resolve on first use, so `sdk.types.models` alone stays cheap (PEP 562)."""
    if name not in __all__:
        raise AttributeError(f"module 'sdk.types' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_MODULES.get(name, "sdk.types.models")), name)
    globals()[name] = value
    return value
