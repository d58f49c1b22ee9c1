"""The signed `state` parameter of an OAuth authorize URL.

`build_oauth_state(app_id, user_id, tenant_id, provider)` returns `<payload>.<signature>`: the
payload is the JSON object of the four values, base64url without padding; the signature is the
HMAC-SHA256 of that payload text under the secret in `IMPERAL_OAUTH_STATE_SECRET` (the same
value the callback side verifies with), base64url without padding. Without the secret it raises
RuntimeError rather than sign with a guessable key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

STATE_SECRET_ENV = "IMPERAL_OAUTH_STATE_SECRET"

__all__ = ["build_oauth_state", "verify_oauth_state"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _secret() -> bytes:
    secret = os.environ.get(STATE_SECRET_ENV, "")
    if not secret:
        raise RuntimeError(
            f"{STATE_SECRET_ENV} is not set: OAuth state cannot be signed without it (set the "
            "same value where the callback is verified)"
        )
    return secret.encode("utf-8")


def _sign(payload: str) -> str:
    return _b64(hmac.new(_secret(), payload.encode("ascii"), hashlib.sha256).digest())


def build_oauth_state(app_id: str, user_id: str, tenant_id: str, provider: str) -> str:
    body = {"app_id": app_id, "user_id": user_id, "tenant_id": tenant_id, "provider": provider}
    payload = _b64(json.dumps(body).encode("utf-8"))
    return f"{payload}.{_sign(payload)}"


def verify_oauth_state(state: str) -> dict[str, str]:
    """The four values of a state built by `build_oauth_state`; ValueError if it was altered."""
    payload, _, signature = str(state).partition(".")
    if not payload or not hmac.compare_digest(_sign(payload), signature):
        raise ValueError("OAuth state signature does not match")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(raw)
