"""sdk.rpc: the fast-RPC envelopes and their pure codec."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sdk.rpc import (
    ENVELOPE_VERSION,
    DecodeResult,
    RpcErrorCategory,
    RpcReply,
    RpcRequest,
    RpcStatus,
    build_error_reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
    is_legacy_envelope,
    should_cache_reply,
)

CORR = "c" * 16


def _request(**kw):
    base = dict(
        corr_id=CORR,
        user_id="u1",
        tenant_id="t1",
        email="a@b.c",
        role="user",
        app_id="crm",
        function="find",
        reply_list="replies",
        deadline_ns=10,
        submitted_at_ns=5,
    )
    return RpcRequest(**{**base, **kw})


def test_request_round_trip_is_a_json_dict():
    req = _request(scopes=["crm:read"], params={"q": "acme"})
    wire = encode_request(req)
    assert wire["v"] == ENVELOPE_VERSION == 1 and wire["params"] == {"q": "acme"}
    assert decode_request(wire) == DecodeResult(req, None, False)


def test_reply_round_trip_and_status_error_consistency():
    rep = RpcReply(
        corr_id=CORR,
        status="success",
        result={"n": 1},
        worker_id="w",
        started_at_ns=1,
        finished_at_ns=2,
    )
    assert decode_reply(encode_reply(rep)).reply == rep
    with pytest.raises(ValidationError, match="needs an error"):
        RpcReply(corr_id=CORR, status="error", worker_id="w", started_at_ns=1, finished_at_ns=2)
    err = build_error_reply(
        corr_id=CORR,
        category="timeout",
        message="slow",
        retryable=True,
        worker_id="w",
        started_at_ns=1,
    )
    with pytest.raises(ValidationError, match="cannot carry an error"):
        RpcReply(
            corr_id=CORR,
            status="success",
            worker_id="w",
            started_at_ns=1,
            finished_at_ns=2,
            error=err.error,
        )


def test_legacy_envelopes_decode_unless_strict():
    wire = encode_request(_request())
    del wire["v"]
    assert is_legacy_envelope(wire)
    result = decode_request(wire)
    assert result.legacy_envelope and result.request.v == 1
    with pytest.raises(ValidationError):
        decode_request(wire, strict_version=True)
    wire["v"] = 2
    assert not is_legacy_envelope(wire)
    with pytest.raises(ValidationError):
        decode_request(wire)


def test_envelopes_validate_and_are_frozen():
    with pytest.raises(ValidationError):
        _request(corr_id="short")
    req = _request()
    with pytest.raises(ValidationError):
        req.user_id = "other"
    assert decode_request({**encode_request(req), "unknown": 1}).request == req


def test_error_reply_defaults_finish_time_and_caching_rules():
    err = build_error_reply(
        corr_id=CORR,
        category=RpcErrorCategory.APPLICATION,
        message="bad",
        retryable=False,
        worker_id="w",
        started_at_ns=1,
    )
    assert err.status is RpcStatus.ERROR and err.finished_at_ns > 1
    cached = {
        c: should_cache_reply(
            build_error_reply(
                corr_id=CORR,
                category=c,
                message="m",
                retryable=True,
                worker_id="w",
                started_at_ns=1,
                finished_at_ns=2,
            )
        )
        for c in RpcErrorCategory
    }
    assert cached == {
        RpcErrorCategory.APPLICATION: True,
        RpcErrorCategory.INFRASTRUCTURE: False,
        RpcErrorCategory.TIMEOUT: False,
        RpcErrorCategory.SCHEMA_VIOLATION: True,
        RpcErrorCategory.TENANT_MISMATCH: True,
    }
    with pytest.raises(ValidationError):
        build_error_reply(
            corr_id=CORR,
            category="nope",
            message="m",
            retryable=True,
            worker_id="w",
            started_at_ns=1,
        )
