"""`imperal_sdk.security.call_token`: short-lived signed tokens that authorise one call of one
tool kind (skeleton, panel, tool, chat_fn) of one app for one user. Real and local.

A token is `<base64url(JSON claims)>.<base64url(HMAC-SHA256 of the JSON claims)>` without
padding. Verification accepts any of several secrets (key rotation) and records each token id in
a Redis-like store (`await redis.set(key, "1", nx=True, ex=seconds)`) so a token works once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic import ValidationError as _PydanticError

__all__ = [
    "CallTokenClaims",
    "CallTokenError",
    "ToolType",
    "mint_call_token",
    "verify_call_token",
    "verify_call_token_any_tool_type",
]

ToolType = Literal["skeleton", "panel", "tool", "chat_fn"]
_JTI_KEY = "imperal:calltoken:jti:"


class CallTokenError(ValueError):
    """A call token that is malformed, forged, expired, replayed or for another call."""


class CallTokenClaims(BaseModel):
    tool_type: ToolType
    app_id: str
    user_id: str
    iat: int
    exp: int
    jti: str = Field(min_length=16)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: bytes, secret: bytes) -> str:
    return _b64(hmac.new(secret, payload, hashlib.sha256).digest())


def mint_call_token(
    tool_type: ToolType, app_id: str, user_id: str, ttl_seconds: int, hmac_secret: bytes
) -> str:
    if not isinstance(hmac_secret, bytes | bytearray):
        raise TypeError(f"hmac_secret must be bytes, got {type(hmac_secret).__name__}")
    now = int(time.time())
    claims = CallTokenClaims(
        tool_type=tool_type,
        app_id=app_id,
        user_id=user_id,
        iat=now,
        exp=now + int(ttl_seconds),
        jti=secrets.token_urlsafe(16),
    )
    payload = json.dumps(claims.model_dump(), sort_keys=True, separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_sign(payload, bytes(hmac_secret))}"


def _claims(token: str, hmac_secrets: list[bytes]) -> CallTokenClaims:
    if not isinstance(token, str) or token.count(".") != 1:
        raise CallTokenError("the call token is malformed")
    body, signature = token.split(".")
    try:
        payload = _unb64(body)
    except (binascii.Error, ValueError) as exc:
        raise CallTokenError("the call token is malformed") from exc
    if not any(
        hmac.compare_digest(_sign(payload, bytes(s)), signature)
        for s in hmac_secrets
        if isinstance(s, bytes | bytearray)
    ):
        raise CallTokenError("the call token's signature does not match")
    try:
        return CallTokenClaims.model_validate(json.loads(payload))
    except (ValueError, _PydanticError) as exc:
        raise CallTokenError("the call token is malformed") from exc


async def _check(
    token: str,
    required_tool_type: ToolType | None,
    required_app_id: str,
    required_user_id: str,
    hmac_secrets: list[bytes],
    redis: Any,
) -> CallTokenClaims:
    claims = _claims(token, hmac_secrets)
    now = int(time.time())
    if claims.exp <= now:
        raise CallTokenError("the call token has expired")
    fresh = await redis.set(_JTI_KEY + claims.jti, "1", nx=True, ex=max(1, claims.exp - now))
    if not fresh:
        raise CallTokenError("the call token was already used")
    if required_tool_type is not None and claims.tool_type != required_tool_type:
        raise CallTokenError("the call token is for another tool type")
    if claims.app_id != required_app_id:
        raise CallTokenError("the call token is for another app")
    if claims.user_id != required_user_id:
        raise CallTokenError("the call token is for another user")
    return claims


async def verify_call_token(
    token: str,
    required_tool_type: ToolType,
    required_app_id: str,
    required_user_id: str,
    hmac_secrets: list[bytes],
    redis: Any,
) -> CallTokenClaims:
    return await _check(
        token, required_tool_type, required_app_id, required_user_id, hmac_secrets, redis
    )


async def verify_call_token_any_tool_type(
    token: str,
    required_app_id: str,
    required_user_id: str,
    hmac_secrets: list[bytes],
    redis: Any,
) -> CallTokenClaims:
    return await _check(token, None, required_app_id, required_user_id, hmac_secrets, redis)
