"""`imperal_sdk.auth.client`: the root `AuthError` and `ImperalAuth`.

`AuthError` here is a plain `Exception` (the root export); `sdk.errors.AuthError` is a
different class under `ImperalError`.

`get_user_info(token)` asks the auth gateway (`GET {gateway}/v1/auth/me`) over HTTP. `verify`
checks an RS256 platform token, which needs the platform's signing keys and a JWT library that
imperal-shell does not ship; so verification is delegated to `ImperalAuth.verifier`, a callable
(token -> claims dict) the host may set. Without one every token is refused with `AuthError`
(fail closed), its message saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sdk._shared_http import shared_http
from sdk.types.identity import UserContext

__all__ = ["DEFAULT_GATEWAY_URL", "AuthError", "ImperalAuth", "UserContext", "shared_http"]

DEFAULT_GATEWAY_URL = "https://auth.imperal.io"
_TIMEOUT_S = 10.0


class AuthError(Exception):
    """A token could not be verified, or the caller is not authorised."""


class ImperalAuth:
    verifier: Callable[[str], dict[str, Any]] | None = None

    def __init__(self, gateway_url: str = DEFAULT_GATEWAY_URL):
        self.gateway_url = str(gateway_url).rstrip("/")

    @property
    def jwks_url(self) -> str:
        return f"{self.gateway_url}/v1/auth/.well-known/jwks.json"

    def verify(self, token: str) -> UserContext:
        if not isinstance(token, str) or not token.strip():
            raise AuthError("missing token")
        # an instance attribute, or a plain function set on the class (not bound to self)
        verifier = self.__dict__.get("verifier") or getattr(type(self), "verifier", None)
        if verifier is None:
            raise AuthError(
                "token verification is not available in imperal-shell: it needs the platform's "
                "signing keys; set ImperalAuth.verifier to a callable (token -> claims)"
            )
        try:
            claims = verifier(token)
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

    async def get_user_info(self, token: str) -> dict[str, Any]:
        """The gateway's view of the token's user (its JSON); HTTP errors raise (httpx)."""
        if not isinstance(token, str) or not token.strip():
            raise AuthError("missing token")
        async with shared_http(_TIMEOUT_S) as http:
            resp = await http.get(
                f"{self.gateway_url}/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
            )
        resp.raise_for_status()
        return resp.json()
