"""`imperal_sdk.rpc`: the fast-RPC envelopes and their codec (pure; no transport here)."""

from sdk.rpc import codec, contract
from sdk.rpc.codec import (
    DecodeResult,
    build_error_reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
    is_legacy_envelope,
    should_cache_reply,
)
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
    "codec",
    "contract",
    "decode_reply",
    "decode_request",
    "encode_reply",
    "encode_request",
    "is_legacy_envelope",
    "should_cache_reply",
]
