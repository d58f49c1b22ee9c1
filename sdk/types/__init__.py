"""Types shared by extensions and the kernel (`imperal_sdk.types`).

Names resolve on first use (PEP 562), so importing one submodule stays cheap.
"""

_MODULES = {
    "ActionResult": "sdk.types.action_result",
    **dict.fromkeys(("Tenant", "TenantContext", "User", "UserContext"), "sdk.types.identity"),
    **dict.fromkeys(("ChatResult", "FunctionCall"), "sdk.types.chat_result"),
    **dict.fromkeys(("Event", "WebhookRequest", "WebhookResponse"), "sdk.types.events"),
    "HealthStatus": "sdk.types.health",
    "Page": "sdk.types.pagination",
    **dict.fromkeys(
        ("Command", "ContextMenu", "Panel", "Setting", "Theme", "Widget"),
        "sdk.types.contributions",
    ),
    **dict.fromkeys(
        (
            "ACTION_RESULT_SCHEMA",
            "CHAT_RESULT_SCHEMA",
            "EVENT_SCHEMA",
            "FUNCTION_CALL_SCHEMA",
            "ActionResultModel",
            "ChatResultModel",
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
        ),
        "sdk.types.contracts",
    ),
    **dict.fromkeys(
        (
            "BALANCE_INFO_SCHEMA",
            "COMPLETION_RESULT_SCHEMA",
            "DOCUMENT_SCHEMA",
            "FILE_INFO_SCHEMA",
            "HTTP_RESPONSE_SCHEMA",
            "LIMITS_RESULT_SCHEMA",
            "SUBSCRIPTION_INFO_SCHEMA",
            "BalanceInfoModel",
            "CompletionResultModel",
            "DocumentModel",
            "FileInfoModel",
            "HTTPResponseModel",
            "LimitsResultModel",
            "SubscriptionInfoModel",
            "get_balance_info_schema",
            "get_completion_result_schema",
            "get_document_schema",
            "get_file_info_schema",
            "get_http_response_schema",
            "get_limits_result_schema",
            "get_subscription_info_schema",
            "validate_balance_info_dict",
            "validate_completion_result_dict",
            "validate_document_dict",
            "validate_file_info_dict",
            "validate_http_response_dict",
            "validate_limits_result_dict",
            "validate_subscription_info_dict",
        ),
        "sdk.types.client_contracts",
    ),
    **dict.fromkeys(
        (
            "BalanceInfo",
            "CompletionResult",
            "Document",
            "FileInfo",
            "HTTPResponse",
            "HTTPStatusError",
            "LimitsResult",
            "SubscriptionInfo",
            "ToolInfo",
            "ToolResult",
        ),
        "sdk.types.models",
    ),
}

__all__ = sorted(_MODULES)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str):
    if name not in _MODULES:
        raise AttributeError(f"module 'sdk.types' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value
