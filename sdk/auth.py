"""`imperal_sdk.auth`: the root `AuthError` and a minimal `ImperalAuth`.

`AuthError` here is a plain `Exception` (the root export); `sdk.errors.AuthError` is a
different class under `ImperalError`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_GATEWAY_URL", "AuthError", "ImperalAuth"]

DEFAULT_GATEWAY_URL = "https://auth.imperal.io"


class AuthError(Exception):
    """A token could not be verified, or the caller is not authorised."""


class ImperalAuth:
    """Verifies platform tokens into a `UserContext`.

    The hosted platform checks RS256 tokens against `{gateway}/v1/auth/.well-known/jwks.json`.
    imperal-shell runs on one machine without that gateway, so verification is delegated to a
    `verifier` callable the host supplies (token -> claims dict); without one every token is
    refused with `AuthError` (fail closed).
    """

    def __init__(self, gateway_url: str = DEFAULT_GATEWAY_URL, *, verifier: Any = None):
        self.gateway_url = gateway_url.rstrip("/")
        self._verifier = verifier

    @property
    def jwks_url(self) -> str:
        return f"{self.gateway_url}/v1/auth/.well-known/jwks.json"

    def verify(self, token: str) -> Any:
        from sdk.types.identity import UserContext

        if not isinstance(token, str) or not token.strip():
            raise AuthError("missing token")
        if self._verifier is None:
            raise AuthError("token verification is not available in this environment")
        try:
            claims = self._verifier(token)
        except AuthError:
            raise
        except Exception as exc:
            raise AuthError(f"invalid token: {type(exc).__name__}") from None
        if not isinstance(claims, dict):
            raise AuthError("invalid token claims")
        try:
            return UserContext(
                imperal_id=str(claims.get("imperal_id") or claims.get("sub") or ""),
                email=str(claims.get("email", "")),
                tenant_id=str(claims.get("tenant_id", "default")),
                agency_id=claims.get("agency_id"),
                org_id=claims.get("org_id"),
                role=str(claims.get("role", "user")),
                scopes=list(claims.get("scopes") or []),
                attributes=dict(claims.get("attributes") or {}),
                is_active=bool(claims.get("is_active", True)),
            )
        except Exception as exc:
            raise AuthError(f"invalid token claims: {type(exc).__name__}") from None
