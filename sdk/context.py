"""Context: the uniform `ctx` every handler receives (identity, clients, time, lifecycle hooks).

Hooks a host may set after construction (all optional; without them the matching method raises
`RuntimeError` naming the feature, or does nothing, as documented):

- `_progress_callback(percent, message)`            -> `ctx.progress`
- `_background_task_spawn(coro, long_running=, name=)` -> `ctx.background_task`
- `_chat_message_hook(payload: dict)`                -> `ctx.deliver_chat_message`
- `_oauth_authorize_url(provider, login_hint)` (async, returns the URL)
                                                     -> `ctx.oauth_authorize_url`
- `_cache` (alias `_cache_client`)                   -> `ctx.cache`
- `_signals_client`                                  -> `ctx.signals` (default: a local
                                                        `SignalsClient()`, as in 6.3.7)
- `_conversations_client`, `_users_client`, `_apps_client`, `_rbac_client`
                                                     -> `ctx.conversations`, `.users`,
                                                        `.apps`, `.rbac` ([6.x])
- `secrets` (attribute)                              -> `ctx.secrets`
- `_metadata["surface"]`                             -> `ctx.surface` ("panel" when unset;
                                                        the imperal-shell kernel sets
                                                        "terminal")

Clients that implement `for_user(user_id)` are re-bound by `ctx.as_user`; others are shared.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from sdk._shared_http import shared_http
from sdk.errors import SkeletonAccessForbidden
from sdk.protocols import (
    AIProtocol,
    BillingProtocol,
    ConfigProtocol,
    ExtensionsProtocol,
    HTTPProtocol,
    NotifyProtocol,
    SkeletonProtocol,
    StorageProtocol,
    StoreProtocol,
)
from sdk.types.identity import TenantContext, UserContext

SYSTEM_USER_ID = "__system__"
WEBHOOK_USER_ID = "__webhook__"
DEFAULT_PUBLIC_HOST = "panel.imperal.io"
MAX_CHAT_MESSAGE_BYTES = 65536
TRUNCATION_SUFFIX = "...(truncated)"

__all__ = [
    "AIProtocol",
    "BillingProtocol",
    "ConfigProtocol",
    "Context",
    "ExtensionsProtocol",
    "HTTPProtocol",
    "NotifyProtocol",
    "SkeletonAccessForbidden",
    "SkeletonProtocol",
    "StorageProtocol",
    "StoreProtocol",
    "TenantContext",
    "TimeContext",
    "UserContext",
    "shared_http",
]


@dataclass
class TimeContext:
    timezone: str = "UTC"
    utc_offset: str = "+00:00"
    now_utc: str = ""
    now_local: str = ""
    hour_local: int = 0
    is_business_hours: bool = False


class _SkeletonGuard:
    """`ctx.skeleton`: `get` only inside `@ext.skeleton` refreshers (tool type "skeleton").

    Other attributes (a mock's seeding helpers) pass through to the raw client.
    """

    def __init__(self, raw: Any, ctx: Context):
        self._raw = raw
        self._ctx = ctx

    async def get(self, section: str) -> Any:
        if self._ctx._tool_type != "skeleton":
            raise SkeletonAccessForbidden(
                "ctx.skeleton is readable only inside an @ext.skeleton refresher "
                f"(this handler runs as tool type {self._ctx._tool_type!r})"
            )
        return await self._raw.get(section)

    def __getattr__(self, name: str) -> Any:
        if name in ("_raw", "_ctx"):
            raise AttributeError(name)
        return getattr(self._raw, name)


def _rebind(client: Any, user_id: str) -> Any:
    for_user = getattr(client, "for_user", None)
    return for_user(user_id) if callable(for_user) else client


def _truncate_utf8(text: str, limit: int = MAX_CHAT_MESSAGE_BYTES) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    keep = limit - len(TRUNCATION_SUFFIX.encode("utf-8"))
    return raw[:keep].decode("utf-8", errors="ignore") + TRUNCATION_SUFFIX


_COPIED_HOOKS = (
    "_progress_callback",
    "_background_task_spawn",
    "_chat_message_hook",
    "_oauth_authorize_url",
    "_intent_type",
    "_confirmation_actions",
    "_llm_usage_callback",
)
# [6.x] platform clients a host sets on the context; re-bound by `as_user` when they can be.
_PLATFORM_CLIENTS = {
    "conversations": "_conversations_client",
    "users": "_users_client",
    "apps": "_apps_client",
    "rbac": "_rbac_client",
}
_REBOUND_CLIENTS = ("_cache", "_signals_client", *_PLATFORM_CLIENTS.values())


@dataclass
class Context:
    user: UserContext
    tenant: TenantContext | None = None
    store: Any = None
    ai: Any = None
    skeleton: Any = None
    billing: Any = None
    notify: Any = None
    storage: Any = None
    http: Any = None
    config: Any = None
    extensions: Any = None
    time: TimeContext = field(default_factory=TimeContext)
    agency_id: str | None = None
    agency_theme: dict | None = None
    _extension_id: str = ""
    _metadata: dict = field(default_factory=dict)
    _tool_type: str = "tool"
    _call_token: str = ""
    _extension: Any = None
    _gateway_url: str = ""
    _service_token: str = ""

    def __post_init__(self) -> None:
        self._raw_skeleton = self.skeleton
        if self.skeleton is not None:
            self.skeleton = _SkeletonGuard(self.skeleton, self)
        self._progress_callback = None
        self._background_task_spawn = None
        self._chat_message_hook = None
        self._oauth_authorize_url = None
        self._cache = None
        self._signals_client = None
        for hook in _PLATFORM_CLIENTS.values():
            setattr(self, hook, None)

    @property
    def _cache_client(self) -> Any:
        """The host's name for `_cache` (kept for hosts written before 5.11)."""
        return self._cache

    @_cache_client.setter
    def _cache_client(self, value: Any) -> None:
        self._cache = value

    @property
    def tenant_id(self) -> str:
        """Read-only alias the seeds use; the contract's home is `ctx.user.tenant_id`."""
        return self.user.tenant_id

    @property
    def cache(self) -> Any:
        if self._cache is None:
            raise RuntimeError(
                "ctx.cache is not available in this context (it needs the extension and a "
                "cache backend; in tests assign one to ctx._cache)"
            )
        return self._cache

    @property
    def signals(self) -> Any:
        """[6.x] Keyed signals; a local `SignalsClient` unless the host set `_signals_client`."""
        if self._signals_client is None:
            from sdk.signals.client import SignalsClient

            self._signals_client = SignalsClient()
        return self._signals_client

    def _platform_client(self, feature: str) -> Any:
        client = getattr(self, _PLATFORM_CLIENTS[feature])
        if client is None:
            raise RuntimeError(
                f"ctx.{feature} is not available in this context: the host set no "
                f"{feature} client (hook {_PLATFORM_CLIENTS[feature]})"
            )
        return client

    @property
    def conversations(self) -> Any:
        """[6.x] The user's chat conversations."""
        return self._platform_client("conversations")

    @property
    def users(self) -> Any:
        """[6.x] Users of the tenant."""
        return self._platform_client("users")

    @property
    def apps(self) -> Any:
        """[6.x] Installed apps and their settings."""
        return self._platform_client("apps")

    @property
    def rbac(self) -> Any:
        """[6.x] Roles and scopes."""
        return self._platform_client("rbac")

    @property
    def surface(self) -> str:
        """Where this call's output shows ([6.3.7]); a host sets `_metadata["surface"]`."""
        return str(self._metadata.get("surface") or "panel")

    def _app_id(self) -> str:
        return self._extension_id or str(getattr(self._extension, "app_id", "") or "")

    async def progress(self, percent: float, message: str = "") -> None:
        if self._progress_callback is not None:
            await self._progress_callback(percent, message)

    async def background_task(
        self, coro: Any, *, long_running: bool = False, name: str = ""
    ) -> str:
        """Run `coro` after the call returns. Without a host hook this raises RuntimeError and
        leaves `coro` untouched (the caller may still await or close it)."""
        if self._background_task_spawn is None:
            raise RuntimeError(
                "ctx.background_task is not available in this context (the host set no "
                "background task hook)"
            )
        return await self._background_task_spawn(
            coro, long_running=long_running, name=name or "background"
        )

    async def deliver_chat_message(
        self,
        text: str,
        *,
        msg_type: str = "response",
        refresh_panels: list[str] | None = None,
    ) -> None:
        """Post an extension-initiated bot turn into the user's chat.

        Text over 64 KB (UTF-8) is cut and ends with `...(truncated)`. Needs an extension id, a
        user and a delivery hook set by the host; otherwise `RuntimeError`.
        """
        ext_id = self._app_id()
        user_id = self.user.imperal_id if self.user is not None else ""
        if not ext_id or not user_id:
            raise RuntimeError("deliver_chat_message needs an extension id and a user")
        if self._chat_message_hook is None:
            raise RuntimeError("deliver_chat_message is not available in this context")
        payload: dict[str, Any] = {
            "ext_id": ext_id,
            "user_id": user_id,
            "text": _truncate_utf8(str(text)),
            "msg_type": msg_type,
        }
        if refresh_panels is not None:
            payload["refresh_panels"] = list(refresh_panels)
        await self._chat_message_hook(payload)

    async def oauth_authorize_url(self, provider: str, *, login_hint: str | None = None) -> str:
        """The URL that starts the OAuth flow of `provider` (declared with `ext.oauth`) for this
        user; `login_hint` pre-fills the account. A host may serve it (`_oauth_authorize_url`);
        otherwise it is built here (`sdk.oauth_authorize`)."""
        if not isinstance(provider, str) or not provider.strip():
            raise ValueError("oauth_authorize_url needs a provider name")
        if self._oauth_authorize_url is not None:
            return await self._oauth_authorize_url(provider, login_hint)
        from sdk.oauth_authorize import build_authorize_url

        return await build_authorize_url(self, provider, login_hint)

    def webhook_url(self, path: str) -> str:
        app_id = self._app_id()
        if not app_id:
            raise RuntimeError("webhook_url needs the extension's app id")
        host = os.environ.get("IMPERAL_PUBLIC_HOST") or DEFAULT_PUBLIC_HOST
        return f"https://{host}/v1/ext/{app_id}/webhook/{str(path).lstrip('/')}"

    def as_user(self, user_id: str) -> Context:
        """A context acting for `user_id`; only a system context (schedules, signals) may ask."""
        if self.user is None or self.user.imperal_id != SYSTEM_USER_ID:
            raise RuntimeError("ctx.as_user is available only in a system context (__system__)")
        if not isinstance(user_id, str) or not user_id.strip() or user_id == SYSTEM_USER_ID:
            raise ValueError("ctx.as_user needs a real user id (not empty, not __system__)")
        user = UserContext(
            imperal_id=user_id,
            email=self.user.email,
            tenant_id=self.user.tenant_id,
            agency_id=self.user.agency_id,
            org_id=self.user.org_id,
            role=self.user.role,
            scopes=list(self.user.scopes),
            attributes={**self.user.attributes, "scoped_from": SYSTEM_USER_ID},
            is_active=self.user.is_active,
        )
        child = Context(
            user=user,
            tenant=self.tenant,
            store=_rebind(self.store, user_id),
            ai=self.ai,
            skeleton=_rebind(self._raw_skeleton, user_id),
            billing=_rebind(self.billing, user_id),
            notify=_rebind(self.notify, user_id),
            storage=self.storage,
            http=self.http,
            config=self.config,
            extensions=self.extensions,
            time=self.time,
            agency_id=self.agency_id,
            agency_theme=self.agency_theme,
            _extension_id=self._extension_id,
            _metadata=dict(self._metadata),
            _tool_type=self._tool_type,
            _call_token=self._call_token,
            _extension=self._extension,
            _gateway_url=self._gateway_url,
            _service_token=self._service_token,
        )
        for name in _COPIED_HOOKS:
            if name in self.__dict__:
                setattr(child, name, self.__dict__[name])
        for hook in _REBOUND_CLIENTS:
            value = getattr(self, hook)
            if value is not None:
                setattr(child, hook, _rebind(value, user_id))
        if "secrets" in self.__dict__:
            child.secrets = _rebind(self.__dict__["secrets"], user_id)
        return child

    async def log(self, message: str, level: str = "info") -> None:
        logger = logging.getLogger(f"ext.{self._extension_id}")
        lvl = getattr(logging, str(level).upper(), logging.INFO)
        logger.log(lvl if isinstance(lvl, int) else logging.INFO, message)
