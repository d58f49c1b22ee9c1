"""Strict pydantic contracts for what the ctx clients return (balance, completion, document,
file, HTTP response, limits, subscription, metered event), with JSON schemas and
`validate_*_dict` checks (rules BAL*, CPL*, DOC*, FIL*, HRS*, LIM*, SUB*)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sdk.types._contract import check
from sdk.types.metered_event import MeteredEvent

__all__ = [
    "BALANCE_INFO_SCHEMA",
    "COMPLETION_RESULT_SCHEMA",
    "DOCUMENT_SCHEMA",
    "FILE_INFO_SCHEMA",
    "HTTP_RESPONSE_SCHEMA",
    "LIMITS_RESULT_SCHEMA",
    "METERED_EVENT_SCHEMA",
    "SUBSCRIPTION_INFO_SCHEMA",
    "BalanceInfoModel",
    "CompletionResultModel",
    "DocumentModel",
    "FileInfoModel",
    "HTTPResponseModel",
    "LimitsResultModel",
    "MeteredEvent",
    "SubscriptionInfoModel",
    "get_balance_info_schema",
    "get_completion_result_schema",
    "get_document_schema",
    "get_file_info_schema",
    "get_http_response_schema",
    "get_limits_result_schema",
    "get_metered_event_schema",
    "get_subscription_info_schema",
    "validate_balance_info_dict",
    "validate_completion_result_dict",
    "validate_document_dict",
    "validate_file_info_dict",
    "validate_http_response_dict",
    "validate_limits_result_dict",
    "validate_subscription_info_dict",
]

_STRICT = ConfigDict(extra="forbid")


class BalanceInfoModel(BaseModel):
    model_config = _STRICT
    balance: int = 0
    plan: str = ""
    cap: int = 0


class CompletionResultModel(BaseModel):
    model_config = _STRICT
    text: str
    model: str = ""
    usage: dict[str, Any] = Field(default_factory=dict)
    stop_reason: str = ""


class DocumentModel(BaseModel):
    model_config = _STRICT
    id: str
    collection: str
    data: dict[str, Any] = Field(default_factory=dict)
    extension_id: str = ""
    tenant_id: str = "default"
    created_at: str = ""
    updated_at: str = ""
    user_id: str = ""
    etag: str = ""


class FileInfoModel(BaseModel):
    model_config = _STRICT
    path: str
    size: int = 0
    content_type: str = ""
    created_at: str = ""
    url: str = ""


class HTTPResponseModel(BaseModel):
    model_config = _STRICT
    status_code: int
    body: dict[str, Any] | str | list[Any] = ""
    headers: dict[str, str] = Field(default_factory=dict)


class LimitsResultModel(BaseModel):
    model_config = _STRICT
    allowed: bool = True
    balance: int = 0
    plan: str = ""
    limits: dict[str, Any] = Field(default_factory=dict)
    message: str = ""


class SubscriptionInfoModel(BaseModel):
    model_config = _STRICT
    plan_id: str = ""
    plan_name: str = ""
    status: str = ""
    period: str = "monthly"
    current_period_start: str = ""
    current_period_end: str = ""


BALANCE_INFO_SCHEMA = BalanceInfoModel.model_json_schema()
COMPLETION_RESULT_SCHEMA = CompletionResultModel.model_json_schema()
DOCUMENT_SCHEMA = DocumentModel.model_json_schema()
FILE_INFO_SCHEMA = FileInfoModel.model_json_schema()
HTTP_RESPONSE_SCHEMA = HTTPResponseModel.model_json_schema()
LIMITS_RESULT_SCHEMA = LimitsResultModel.model_json_schema()
METERED_EVENT_SCHEMA = MeteredEvent.model_json_schema()
SUBSCRIPTION_INFO_SCHEMA = SubscriptionInfoModel.model_json_schema()


def get_balance_info_schema() -> dict[str, Any]:
    return BalanceInfoModel.model_json_schema()


def get_completion_result_schema() -> dict[str, Any]:
    return CompletionResultModel.model_json_schema()


def get_document_schema() -> dict[str, Any]:
    return DocumentModel.model_json_schema()


def get_file_info_schema() -> dict[str, Any]:
    return FileInfoModel.model_json_schema()


def get_http_response_schema() -> dict[str, Any]:
    return HTTPResponseModel.model_json_schema()


def get_limits_result_schema() -> dict[str, Any]:
    return LimitsResultModel.model_json_schema()


def get_metered_event_schema() -> dict[str, Any]:
    return MeteredEvent.model_json_schema()


def get_subscription_info_schema() -> dict[str, Any]:
    return SubscriptionInfoModel.model_json_schema()


def validate_balance_info_dict(data: Any) -> list[Any]:
    return check(BalanceInfoModel, "BAL", data)


def validate_completion_result_dict(data: Any) -> list[Any]:
    return check(CompletionResultModel, "CPL", data)


def validate_document_dict(data: Any) -> list[Any]:
    return check(DocumentModel, "DOC", data)


def validate_file_info_dict(data: Any) -> list[Any]:
    return check(FileInfoModel, "FIL", data)


def validate_http_response_dict(data: Any) -> list[Any]:
    return check(HTTPResponseModel, "HRS", data)


def validate_limits_result_dict(data: Any) -> list[Any]:
    return check(LimitsResultModel, "LIM", data)


def validate_subscription_info_dict(data: Any) -> list[Any]:
    return check(SubscriptionInfoModel, "SUB", data)
