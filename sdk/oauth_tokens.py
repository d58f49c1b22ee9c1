"""Keep stored OAuth access tokens fresh (accounts connected through `ext.oauth`).

An *account* is the dict an extension keeps per connected account: `access_token`,
`refresh_token`, `expires_at` (epoch seconds or an ISO-8601 time) and, when it is stored in
`ctx.store`, its document `id`.

- `needs_refresh(account, skew=60)`: no access token, no readable expiry, or expiry within
  `skew` seconds.
- `await fresh_token(ctx, account, provider=, collection=, skew=, force=)`: refreshes when
  needed (or `force`) by POSTing the refresh grant to the provider's token URL through
  `ctx.http`, with the client id and secret read from the app secrets
  `<provider>_client_id` / `<provider>_client_secret`; updates `account` in place, saves it to
  `collection` when given, and returns it.
- `await with_fresh_token(ctx, account, call, ...)`: `call(account)` with a fresh token; when the
  call answers HTTP 401 the token is refreshed once more and the call repeated.

Failures raise `TokenRefreshError`; `reconnect_required` tells the user must connect again.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

DEFAULT_SKEW_SECONDS = 60
DEFAULT_EXPIRES_IN = 3600
PROVIDER_TOKEN_URLS = {
    "google": "https://oauth2.googleapis.com/token",
    "microsoft": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    "yahoo": "https://api.login.yahoo.com/oauth2/get_token",
}
# Provider answers that mean the grant itself is gone (revoked, expired): connect again.
_RECONNECT_STATUSES = (400, 401)

__all__ = [
    "DEFAULT_SKEW_SECONDS",
    "PROVIDER_TOKEN_URLS",
    "TokenRefreshError",
    "fresh_token",
    "needs_refresh",
    "with_fresh_token",
]


class TokenRefreshError(RuntimeError):
    def __init__(self, message: str, *, reconnect_required: bool = False, status_code: int = 0):
        super().__init__(message)
        self.reconnect_required = reconnect_required
        self.status_code = status_code


def _expiry(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def needs_refresh(account: Any, *, skew: int = 60) -> bool:
    if not isinstance(account, dict) or not account.get("access_token"):
        return True
    expires = _expiry(account.get("expires_at"))
    return expires is None or expires - time.time() <= skew


def _body(resp: Any) -> Any:
    body = getattr(resp, "body", None)
    if isinstance(body, (str, bytes)):
        try:
            return resp.json()
        except Exception:
            return body
    return body


async def _credentials(ctx: Any, provider: str) -> tuple[str, str]:
    secrets = getattr(ctx, "secrets", None)
    client_id = client_secret = None
    if secrets is not None:
        client_id = await secrets.get(f"{provider}_client_id")
        client_secret = await secrets.get(f"{provider}_client_secret")
    if not client_id or not client_secret:
        raise TokenRefreshError(
            f"no {provider} OAuth client configured: set the app secrets "
            f"{provider}_client_id and {provider}_client_secret"
        )
    return client_id, client_secret


async def fresh_token(
    ctx: Any,
    account: dict,
    *,
    provider: str = "google",
    collection: str = "",
    skew: int = 60,
    force: bool = False,
) -> dict:
    if not force and not needs_refresh(account, skew=skew):
        return account
    token_url = PROVIDER_TOKEN_URLS.get(provider)
    if token_url is None:
        raise TokenRefreshError(
            f"no token URL known for OAuth provider {provider!r} "
            f"(known: {', '.join(sorted(PROVIDER_TOKEN_URLS))})"
        )
    refresh = account.get("refresh_token") if isinstance(account, dict) else None
    if not refresh:
        raise TokenRefreshError(
            "the account has no refresh token, so its access cannot be renewed; connect it "
            "again to grant offline access",
            reconnect_required=True,
        )
    client_id, client_secret = await _credentials(ctx, provider)
    resp = await ctx.http.post(
        token_url,
        data={
            "client_id": client_id,
            "client_secret": client_secret,
            "refresh_token": refresh,
            "grant_type": "refresh_token",
        },
    )
    status = int(getattr(resp, "status_code", 0) or 0)
    body = _body(resp)
    if status >= 400:
        reason = body.get("error") if isinstance(body, dict) else None
        raise TokenRefreshError(
            f"{provider} did not refresh the token (HTTP {status}"
            + (f": {reason})" if reason else ")"),
            reconnect_required=status in _RECONNECT_STATUSES,
            status_code=status,
        )
    if not isinstance(body, dict) or not body.get("access_token"):
        raise TokenRefreshError(f"{provider} answered the refresh without an access token")
    account["access_token"] = body["access_token"]
    if body.get("refresh_token"):
        account["refresh_token"] = body["refresh_token"]
    account["expires_at"] = int(time.time()) + int(body.get("expires_in") or DEFAULT_EXPIRES_IN)
    if collection and account.get("id"):
        fields = {k: v for k, v in account.items() if k != "id"}
        await ctx.store.update(collection, account["id"], fields)
    return account


async def with_fresh_token(
    ctx: Any,
    account: dict,
    call: Callable[[dict], Awaitable[Any]],
    *,
    provider: str = "google",
    collection: str = "",
    skew: int = 60,
) -> Any:
    account = await fresh_token(ctx, account, provider=provider, collection=collection, skew=skew)
    result = await call(account)
    if getattr(result, "status_code", None) == 401:
        account = await fresh_token(
            ctx, account, provider=provider, collection=collection, skew=skew, force=True
        )
        result = await call(account)
    return result
