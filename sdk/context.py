"""Context: the uniform `ctx` every handler receives (identity, clients, time, lifecycle hooks).

Hooks a host may set after construction (all optional; without them the matching method raises
`RuntimeError` or does nothing, as documented):

- `_progress_callback(percent, message)`            -> `ctx.progress`
- `_background_task_spawn(coro, long_running=, name=)` -> `ctx.background_task`
- `_chat_message_hook(payload: dict)`                -> `ctx.deliver_chat_message`
- `_cache_client`                                    -> `ctx.cache`
- `secrets` (attribute)                              -> `ctx.secrets`
- `_metadata["surface"]`                             -> `ctx.surface` ("panel" when unset)

Clients that implement `for_user(user_id)` are re-bound by `ctx.as_user`; others are shared.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from sdk.errors import SkeletonAccessForbidden
from sdk.types.identity import TenantContext, UserContext

SYSTEM_USER_ID = "__system__"
WEBHOOK_USER_ID = "__webhook__"
DEFAULT_PUBLIC_HOST = "panel.imperal.io"
MAX_CHAT_MESSAGE_BYTES = 65536
TRUNCATION_SUFFIX = "...(truncated)"

__all__ = [
    "Context",
    "SkeletonAccessForbidden",
    "TimeContext",
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
    "_intent_type",
    "_confirmation_actions",
    "_llm_usage_callback",
)


@dataclass
class Context:
    user: UserContext
    tenant: TenantContext | None = None
    store: Any = None
    db: Any = None
    ai: Any = None
    skeleton: Any = None
    billing: Any = None
    notify: Any = None
    storage: Any = None
    http: Any = None
    tools: Any = None
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
        self._cache_client = None

    @property
    def tenant_id(self) -> str:
        """Read-only alias the seeds use; the contract's home is `ctx.user.tenant_id`."""
        return self.user.tenant_id

    @property
    def cache(self) -> Any:
        if self._cache_client is None:
            raise RuntimeError(
                "ctx.cache is not available in this context (it needs the extension and a "
                "cache backend; MockContext has neither)"
            )
        return self._cache_client

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
        if self._background_task_spawn is None:
            close = getattr(coro, "close", None)
            if callable(close):
                close()
            raise RuntimeError("background tasks are not available in this context")
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
            db=self.db,
            ai=self.ai,
            skeleton=_rebind(self._raw_skeleton, user_id),
            billing=_rebind(self.billing, user_id),
            notify=_rebind(self.notify, user_id),
            storage=self.storage,
            http=self.http,
            tools=self.tools,
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
        if self._cache_client is not None:
            child._cache_client = _rebind(self._cache_client, user_id)
        if "secrets" in self.__dict__:
            child.secrets = _rebind(self.__dict__["secrets"], user_id)
        return child

    async def log(self, message: str, level: str = "info") -> None:
        logger = logging.getLogger(f"ext.{self._extension_id}")
        lvl = getattr(logging, str(level).upper(), logging.INFO)
        logger.log(lvl if isinstance(lvl, int) else logging.INFO, message)
