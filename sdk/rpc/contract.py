"""`imperal_sdk.rpc.contract`: the fast-RPC request and reply envelopes (pure pydantic models).

On the hosted platform these travel over the gateway's queues; here they are only data, so an
extension or a test can build, check and round-trip them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ENVELOPE_VERSION",
    "RpcError",
    "RpcErrorCategory",
    "RpcReply",
    "RpcRequest",
    "RpcStatus",
]

ENVELOPE_VERSION = 1


class RpcStatus(StrEnum):
    SUCCESS = "success"
    ERROR = "error"


class RpcErrorCategory(StrEnum):
    APPLICATION = "application"
    INFRASTRUCTURE = "infrastructure"
    TIMEOUT = "timeout"
    SCHEMA_VIOLATION = "schema_violation"
    TENANT_MISMATCH = "tenant_mismatch"


class RpcError(BaseModel):
    """What went wrong in a reply whose status is `error`."""

    model_config = ConfigDict(frozen=True)

    category: RpcErrorCategory
    message: str
    retryable: bool


class RpcRequest(BaseModel):
    """One call of an extension function, as the gateway queues it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    v: Literal[1] = 1
    corr_id: str = Field(min_length=16, max_length=64)
    user_id: str = Field(min_length=1, max_length=128)
    tenant_id: str = Field(min_length=1, max_length=64)
    agency_id: str | None = None
    email: str
    role: str
    scopes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    app_id: str
    function: str
    params: dict[str, Any] = Field(default_factory=dict)
    reply_list: str
    deadline_ns: int
    submitted_at_ns: int


class RpcReply(BaseModel):
    """The outcome of one request: a result on success, an `RpcError` on error."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    v: Literal[1] = 1
    corr_id: str = Field(min_length=16, max_length=64)
    status: RpcStatus
    result: dict[str, Any] | None = None
    worker_id: str
    started_at_ns: int
    finished_at_ns: int
    error: RpcError | None = None

    @model_validator(mode="after")
    def _status_matches_error(self) -> RpcReply:
        if self.status is RpcStatus.ERROR and self.error is None:
            raise ValueError("an RpcReply whose status is error needs an error")
        if self.status is RpcStatus.SUCCESS and self.error is not None:
            raise ValueError("an RpcReply whose status is success cannot carry an error")
        return self
