"""`imperal_sdk.security`: signed per-call tokens (and, in 6.x, the deactivation guard)."""

from sdk.security.call_token import (
    CallTokenClaims,
    CallTokenError,
    mint_call_token,
    verify_call_token,
    verify_call_token_any_tool_type,
)

__all__ = [
    "CallTokenClaims",
    "CallTokenError",
    "mint_call_token",
    "verify_call_token",
    "verify_call_token_any_tool_type",
]
