"""`imperal_sdk.rpc.codec`: envelopes to wire mappings and back (pure functions).

The wire form is a JSON-ready dict. A mapping without a `v` key is a legacy (pre-version)
envelope: it decodes as version 1 and is flagged, unless `strict_version=True`, which rejects it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from sdk.rpc.contract import (
    ENVELOPE_VERSION,
    RpcError,
    RpcErrorCategory,
    RpcReply,
    RpcRequest,
    RpcStatus,
)

__all__ = [
    "DecodeResult",
    "ENVELOPE_VERSION",
    "RpcError",
    "RpcErrorCategory",
    "RpcReply",
    "RpcRequest",
    "RpcStatus",
    "build_error_reply",
    "decode_reply",
    "decode_request",
    "encode_reply",
    "encode_request",
    "is_legacy_envelope",
    "should_cache_reply",
]

# Failures that say nothing about the call itself: a later identical call may well succeed,
# so such replies are never cached.
_TRANSIENT = frozenset({RpcErrorCategory.INFRASTRUCTURE, RpcErrorCategory.TIMEOUT})


class DecodeResult(NamedTuple):
    request: RpcRequest | None
    reply: RpcReply | None
    legacy_envelope: bool


def encode_request(req: RpcRequest) -> dict[str, Any]:
    return req.model_dump(mode="json")


def encode_reply(reply: RpcReply) -> dict[str, Any]:
    return reply.model_dump(mode="json")


def is_legacy_envelope(payload: Mapping[str, Any]) -> bool:
    """True when the envelope carries no version key (written before versioning)."""
    return "v" not in payload


def _versioned(
    model: type[BaseModel], payload: Mapping[str, Any], strict_version: bool
) -> tuple[dict[str, Any], bool]:
    legacy = is_legacy_envelope(payload)
    if legacy and strict_version:
        raise ValidationError.from_exception_data(
            model.__name__, [{"type": "missing", "loc": ("v",), "input": payload}]
        )
    data = dict(payload)
    data.setdefault("v", ENVELOPE_VERSION)
    return data, legacy


def decode_request(payload: Mapping[str, Any], *, strict_version: bool = False) -> DecodeResult:
    data, legacy = _versioned(RpcRequest, payload, strict_version)
    return DecodeResult(RpcRequest.model_validate(data), None, legacy)


def decode_reply(payload: Mapping[str, Any], *, strict_version: bool = False) -> DecodeResult:
    data, legacy = _versioned(RpcReply, payload, strict_version)
    return DecodeResult(None, RpcReply.model_validate(data), legacy)


def build_error_reply(
    *,
    corr_id: str,
    category: RpcErrorCategory | str,
    message: str,
    retryable: bool,
    worker_id: str,
    started_at_ns: int,
    finished_at_ns: int | None = None,
) -> RpcReply:
    """An error reply; `finished_at_ns` defaults to now."""
    return RpcReply(
        corr_id=corr_id,
        status=RpcStatus.ERROR,
        worker_id=worker_id,
        started_at_ns=started_at_ns,
        finished_at_ns=time.time_ns() if finished_at_ns is None else finished_at_ns,
        error=RpcError(category=category, message=message, retryable=retryable),
    )


def should_cache_reply(reply: RpcReply) -> bool:
    """Successes and deterministic errors may be cached; infrastructure and timeout may not."""
    if reply.status is RpcStatus.SUCCESS:
        return True
    return reply.error is None or reply.error.category not in _TRANSIENT
