"""The consent URL `ctx.oauth_authorize_url(provider)` returns when the host sets no hook.

The URL is the provider's authorization endpoint with: the app's client id (its secret
`<provider>_client_id`), `response_type=code`, the redirect to
`https://<IMPERAL_PUBLIC_HOST>/v1/ext/<app>/oauth/<provider>/callback`, the scopes of the
extension's `ext.oauth(provider, scopes=...)` declaration (space-separated), a signed `state`
(`sdk.oauth_state`), the provider's own extra parameters, and `login_hint` when given.
Known providers: google and microsoft; any other name is a ValueError.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from sdk.context import DEFAULT_PUBLIC_HOST

# provider -> (authorization endpoint, extra query parameters)
PROVIDERS: dict[str, tuple[str, dict[str, str]]] = {
    "google": (
        "https://accounts.google.com/o/oauth2/v2/auth",
        {"access_type": "offline", "prompt": "consent"},
    ),
    "microsoft": (
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        {"response_mode": "query"},
    ),
}

__all__ = ["PROVIDERS", "build_authorize_url", "callback_url"]


def callback_url(app_id: str, provider: str) -> str:
    host = os.environ.get("IMPERAL_PUBLIC_HOST") or DEFAULT_PUBLIC_HOST
    return f"https://{host}/v1/ext/{app_id}/oauth/{provider}/callback"


def _declared_scopes(extension: Any, provider: str) -> list[str]:
    declared = getattr(extension, "oauth_providers", None) or {}
    entry = declared.get(provider) if isinstance(declared, dict) else None
    return list(getattr(entry, "scopes", None) or [])


async def build_authorize_url(ctx: Any, provider: str, login_hint: str | None = None) -> str:
    from sdk.oauth_state import build_oauth_state

    if provider not in PROVIDERS:
        known = ", ".join(sorted(PROVIDERS))
        raise ValueError(f"unknown oauth provider {provider!r} (known: {known})")
    endpoint, extra = PROVIDERS[provider]
    app_id = ctx._app_id()
    if not app_id:
        raise RuntimeError("ctx.oauth_authorize_url needs the extension's app id")
    secrets = getattr(ctx, "secrets", None)
    if secrets is None:
        raise RuntimeError(
            f"ctx.oauth_authorize_url({provider!r}) reads the app secret {provider}_client_id, "
            "but this context has no ctx.secrets"
        )
    client_id = await secrets.get(f"{provider}_client_id") or ""
    user = getattr(ctx, "user", None)
    user_id = getattr(user, "imperal_id", "") or ""
    tenant_id = getattr(user, "tenant_id", "") or "default"
    query = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": callback_url(app_id, provider),
        "scope": " ".join(_declared_scopes(getattr(ctx, "_extension", None), provider)),
        "state": build_oauth_state(app_id, user_id, tenant_id, provider),
        **extra,
    }
    if login_hint:
        query["login_hint"] = login_hint
    return f"{endpoint}?{urlencode(query)}"
