"""Worker side of `ctx.*`: clients that forward to the kernel by RPC, and the ctx they make up.

Every client is built on one `rpc(service, method, params) -> awaitable JSON` function. A kernel
refusal arrives as `RemoteError(kind, message, data)` and is raised here as the SDK exception
the extension expects (`StoreConflict`, `SecretNotDeclaredError`, `PermissionError`, ...).
`ctx.http` runs in the worker itself (httpx, per-call timeout capped at 180 s); `ctx.config`
is a read-only dict given at build time; `ctx.cache` and `ctx.secrets` are the SDK's own
clients (their rules run here, where the extension's declarations live) over RPC backends.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from kernel.host.scope import RemoteError
from kernel.redact import REDACTOR
from kernel.services.common import PASSTHROUGH_ERRORS
from sdk.apps import AppsClient
from sdk.cache import CacheClient
from sdk.config.client import ConfigClient
from sdk.context import Context, TimeContext
from sdk.conversations import ConversationsClient
from sdk.errors import (
    APIError,
    AuthError,
    CircularCallError,
    ExtensionError,
    ImperalError,
    NotAvailableInShell,
    NotFoundError,
    ValidationError,
)
from sdk.http.client import HTTPClient, close_http_clients
from sdk.rbac import RBACClient
from sdk.secrets import SecretClient
from sdk.signals import SignalsClient
from sdk.store import (
    DEFAULT_PAGE_SIZE,
    StoreConflict,
    StoreUnavailable,
)
from sdk.types.action_result import ActionResult
from sdk.types.identity import TenantContext, UserContext
from sdk.types.models import CompletionResult, Document, FileInfo, Page
from sdk.users import UsersClient

Rpc = Callable[[str, str, dict[str, Any]], Awaitable[Any]]

SURFACE = "terminal"

_log = logging.getLogger("kernel.host.ctx")

# the SDK's own clients, under the names this module has always exported
HttpClient = HTTPClient
ConfigView = ConfigClient

__all__ = [
    "AIProxy",
    "AppsProxy",
    "ConversationsProxy",
    "RBACProxy",
    "SignalsProxy",
    "UsersProxy",
    "CacheBackendProxy",
    "ConfigView",
    "ExtensionsProxy",
    "HttpClient",
    "KernelServiceError",
    "LLMUnavailable",
    "NotifyProxy",
    "SecretBackendProxy",
    "StorageProxy",
    "StoreProxy",
    "build_worker_context",
    "close_http_clients",
    "error_from_remote",
]


class LLMUnavailable(ImperalError):
    """`ctx.ai` was used and no LLM provider is configured (headless exit code 5)."""

    def __init__(self, message: str):
        super().__init__(message, "llm_unavailable")


class KernelServiceError(RuntimeError):
    """A kernel error with no SDK counterpart; `kind` names it."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


_SIMPLE: dict[str, type[BaseException]] = {
    cls.__name__: cls for cls in (*PASSTHROUGH_ERRORS, RuntimeError, NotImplementedError)
}


def _with_message(exc: ImperalError, message: str) -> ImperalError:
    exc.message = message
    exc.args = (message,)
    return exc


def error_from_remote(err: RemoteError) -> BaseException:
    """The SDK exception a kernel refusal stands for."""
    kind, message, data = err.kind, err.message, err.data or {}
    if kind == "StoreConflict":
        return StoreConflict(
            str(data.get("doc_id", "")),
            str(data.get("expected_etag", "")),
            str(data.get("current_etag", "")),
        )
    if kind == "StoreUnavailable":
        return StoreUnavailable(int(data.get("retry_after", 30)))
    if kind == "CircularCallError":
        return CircularCallError(list(data.get("call_stack") or []))
    if kind == "NotFoundError":
        return _with_message(NotFoundError(data.get("resource", ""), data.get("id", "")), message)
    if kind == "ExtensionError":
        return _with_message(ExtensionError(str(data.get("app_id", "")), ""), message)
    if kind == "ValidationError":
        return _with_message(ValidationError(str(data.get("field", "")), ""), message)
    if kind == "AuthError":
        return AuthError(message)
    if kind == "APIError":
        status = data.get("status_code")
        status = status if isinstance(status, int) and not isinstance(status, bool) else 502
        return APIError(message, status, str(data.get("code") or "api_error"))
    if kind == "LLMUnavailable":
        return LLMUnavailable(message)
    if kind == "NotAvailableInShell":
        return NotAvailableInShell(str(data.get("feature", "")), str(data.get("reason", "")))
    cls = _SIMPLE.get(kind)
    if cls is not None:
        return cls(message)
    return KernelServiceError(kind, message)


async def _call(rpc: Rpc, service: str, method: str, params: dict[str, Any]) -> Any:
    try:
        return await rpc(service, method, params)
    except RemoteError as err:
        raise error_from_remote(err) from None


def _json_value(value: Any, what: str) -> Any:
    """`value` if it is plain JSON; a TypeError/ValueError naming `what` otherwise."""
    try:
        json.dumps(value, allow_nan=False)
    except TypeError as exc:
        raise TypeError(f"{what} must be JSON-serialisable ({exc})") from None
    except ValueError as exc:
        raise ValueError(f"{what} must be JSON-serialisable ({exc})") from None
    return value


_DOC_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))
_FILE_FIELDS = frozenset(f.name for f in dataclasses.fields(FileInfo))


def _document(raw: Any) -> Document | None:
    if raw is None:
        return None
    return Document(**{k: v for k, v in raw.items() if k in _DOC_FIELDS})


def _file_info(raw: dict[str, Any]) -> FileInfo:
    return FileInfo(**{k: v for k, v in raw.items() if k in _FILE_FIELDS})


# -- store ------------------------------------------------------------------------------------------


class StoreProxy:
    """`ctx.store`: the call's staged store in the kernel."""

    def __init__(self, rpc: Rpc, *, acting_user: str = ""):
        self._rpc = rpc
        self._acting_user = acting_user

    def for_user(self, user_id: str) -> StoreProxy:
        return StoreProxy(self._rpc, acting_user=user_id)

    async def _c(self, method: str, **params: Any) -> Any:
        if self._acting_user:
            params["user_id"] = self._acting_user
        return await _call(self._rpc, "store", method, params)

    async def create(self, collection: str, data: dict[str, Any]) -> Document:
        _json_value(data, "ctx.store.create data")
        return _document(await self._c("create", collection=collection, data=data))  # type: ignore[return-value]

    async def get(self, collection: str, doc_id: str | None = None) -> Document | None:
        return _document(await self._c("get", collection=collection, doc_id=doc_id))

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[Document]:
        _json_value(where, "ctx.store.query where")
        raw = await self._c(
            "query", collection=collection, where=where, order_by=order_by, limit=limit,
            cursor=cursor,
        )  # fmt: skip
        return Page(
            data=[_document(d) for d in raw["data"]],
            cursor=raw.get("cursor"),
            has_more=bool(raw.get("has_more")),
            total=raw.get("total"),
        )

    async def update(
        self, collection: str, doc_id: str, data: dict[str, Any], if_match: str = ""
    ) -> Document:
        _json_value(data, "ctx.store.update data")
        raw = await self._c(
            "update", collection=collection, doc_id=doc_id, data=data, if_match=if_match
        )
        return _document(raw)  # type: ignore[return-value]

    async def delete(self, collection: str, doc_id: str) -> bool:
        return bool(await self._c("delete", collection=collection, doc_id=doc_id))

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int:
        _json_value(where, "ctx.store.count where")
        return int(await self._c("count", collection=collection, where=where))

    async def set(self, key: str, data: Any) -> Document:
        _json_value(data, "ctx.store.set data")
        return _document(await self._c("set", key=key, data=data))  # type: ignore[return-value]

    async def list(self, prefix: str = "") -> list[Document]:
        return [_document(d) for d in await self._c("list", prefix=prefix)]  # type: ignore[misc]

    async def list_users(
        self, collection: str, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncIterator[str]:
        for user_id in await self._c("list_users", collection=collection, page_size=page_size):
            yield user_id

    async def query_all(self, collection: str, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Document]:
        raw = await self._c("query_all", collection=collection, limit=limit)
        return [_document(d) for d in raw]  # type: ignore[misc]


# -- cache and secrets: backends for the SDK's own clients -----------------------------------------


class CacheBackendProxy:
    """`sdk.cache.CacheBackend` over RPC: the kernel keeps the envelopes."""

    def __init__(self, rpc: Rpc):
        self._rpc = rpc

    async def get(self, app_id: str, user_id: str, model: str, key_hash: str) -> dict | None:
        params = {"app_id": app_id, "user_id": user_id, "model": model, "key_hash": key_hash}
        return await _call(self._rpc, "cache", "get", params)

    async def put(
        self, app_id: str, user_id: str, model: str, key_hash: str, envelope: dict, ttl: int
    ) -> None:
        params = {"app_id": app_id, "user_id": user_id, "model": model, "key_hash": key_hash,
                  "envelope": envelope, "ttl": ttl}  # fmt: skip
        await _call(self._rpc, "cache", "put", params)

    async def delete(self, app_id: str, user_id: str, model: str, key_hash: str) -> None:
        params = {"app_id": app_id, "user_id": user_id, "model": model, "key_hash": key_hash}
        await _call(self._rpc, "cache", "delete", params)


class SecretBackendProxy:
    """`sdk.secrets.SecretBackend` over RPC: values live in the kernel's keyring or vault."""

    def __init__(self, rpc: Rpc):
        self._rpc = rpc

    def __repr__(self) -> str:
        return "SecretBackendProxy()"

    async def _c(self, method: str, ext_id: str, user_id: str, name: str, **extra: Any) -> Any:
        params = {"ext_id": ext_id, "user_id": user_id, "name": name, **extra}
        return await _call(self._rpc, "secrets", method, params)

    async def get(self, ext_id: str, user_id: str, name: str) -> str | None:
        value = await self._c("get", ext_id, user_id, name)
        REDACTOR.add(value)  # the worker's own log lines never show it either
        return value

    async def set(self, ext_id: str, user_id: str, name: str, value: str) -> None:
        REDACTOR.add(value)
        await self._c("set", ext_id, user_id, name, value=value)

    async def delete(self, ext_id: str, user_id: str, name: str) -> bool:
        return bool(await self._c("delete", ext_id, user_id, name))

    async def meta(self, ext_id: str, user_id: str, name: str) -> dict[str, Any] | None:
        return await self._c("meta", ext_id, user_id, name)


# -- notify, storage, ai, extensions, config --------------------------------------------------------


class NotifyProxy:
    """`ctx.notify(message, **kw)` / `ctx.notify.send(message, channel="in_app", **kw)`."""

    def __init__(self, rpc: Rpc, *, acting_user: str = ""):
        self._rpc = rpc
        self._acting_user = acting_user

    def for_user(self, user_id: str) -> NotifyProxy:
        return NotifyProxy(self._rpc, acting_user=user_id)

    async def __call__(self, message: str, **kwargs: Any) -> None:
        channel = kwargs.pop("channel", "in_app")
        _json_value(kwargs, "ctx.notify fields")
        params: dict[str, Any] = {"message": message, "channel": channel, "extra": kwargs}
        if self._acting_user:
            params["user_id"] = self._acting_user
        await _call(self._rpc, "notify", "send", params)

    async def send(self, message: str, channel: str = "in_app", **kwargs: Any) -> None:
        await self(message, channel=channel, **kwargs)

    async def push(self, message: str = "", **kwargs: Any) -> None:
        """The seed README's `push(title=, body=)`; not in any real release (a superset)."""
        title = kwargs.pop("title", "")
        await self(message or title or str(kwargs.get("body", "")), **kwargs)


class StorageProxy:
    """`ctx.storage`: files under the data dir, per user and extension."""

    def __init__(self, rpc: Rpc):
        self._rpc = rpc

    async def upload(
        self, path: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> FileInfo:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("ctx.storage.upload data must be bytes")
        params = {"path": path, "data": base64.b64encode(bytes(data)).decode("ascii"),
                  "content_type": content_type}  # fmt: skip
        return _file_info(await _call(self._rpc, "storage", "upload", params))

    async def download(self, path: str) -> bytes:
        return base64.b64decode(await _call(self._rpc, "storage", "download", {"path": path}))

    async def delete(self, path: str) -> bool:
        return bool(await _call(self._rpc, "storage", "delete", {"path": path}))

    async def list(self, prefix: str = "") -> Page[FileInfo]:
        raw = await _call(self._rpc, "storage", "list", {"prefix": prefix})
        return Page(data=[_file_info(f) for f in raw["data"]])


class AIProxy:
    """`ctx.ai.complete`: the kernel's LLM provider; `LLMUnavailable` when there is none."""

    def __init__(self, rpc: Rpc):
        self._rpc = rpc

    async def complete(self, prompt: str, model: str = "", **kwargs: Any) -> CompletionResult:
        _json_value(kwargs, "ctx.ai.complete options")
        params = {"prompt": prompt, "model": model, "kwargs": kwargs}
        raw = await _call(self._rpc, "ai", "complete", params)
        return CompletionResult(
            text=raw["text"],
            model=raw.get("model", ""),
            usage=raw.get("usage") or {},
            stop_reason=raw.get("stop_reason", ""),
        )


class ExtensionsProxy:
    """`ctx.extensions`: calls and events go through the kernel's execute path."""

    def __init__(self, rpc: Rpc, *, current_app_id: str = ""):
        self._rpc = rpc
        self.current_app_id = current_app_id

    async def call(self, app_id: str, method: str, **params: Any) -> Any:
        """The callee's result; an ActionResult comes back as an ActionResult."""
        _json_value(params, f"ctx.extensions.call({app_id!r}, {method!r}) arguments")
        result = await _call(
            self._rpc, "extensions", "call", {"app_id": app_id, "method": method, "params": params}
        )
        if (
            isinstance(result, dict)
            and result.get("status") in ("success", "error")
            and "summary" in result
        ):
            return ActionResult.from_dict(result)
        return result

    async def emit(self, event_type: str, data: dict) -> None:
        """Fire-and-forget, as documented: a refusal is logged, never raised."""
        _json_value(data, "ctx.extensions.emit data")
        try:
            await _call(
                self._rpc, "extensions", "emit", {"event_type": event_type, "data": data or {}}
            )
        except Exception as exc:
            _log.warning("emit %s from %s failed: %s", event_type, self.current_app_id, exc)


# -- 6.x namespaces (users, apps, rbac, conversations) and signals: the SDK's clients over RPC ------


class _OverKernel:
    """Mixin for a `sdk._gateway.GatewayClient`: each operation is an RPC to the kernel's ctx
    service of the same name, `{args, user_id}` (the acting user, re-bound by `for_user`)."""

    __slots__ = ()

    async def _send(self, op: str, args: dict[str, Any], route: Any) -> Any:
        service = self._service  # type: ignore[attr-defined]
        _json_value(args, f"ctx.{service}.{op} arguments")
        params = {"args": args, "user_id": self._user_id}  # type: ignore[attr-defined]
        return await _call(self._rpc, service, op, params)  # type: ignore[attr-defined]


class UsersProxy(_OverKernel, UsersClient):
    __slots__ = ("_rpc",)


class AppsProxy(_OverKernel, AppsClient):
    __slots__ = ("_rpc",)


class RBACProxy(_OverKernel, RBACClient):
    __slots__ = ("_rpc",)


class ConversationsProxy(_OverKernel, ConversationsClient):
    __slots__ = ("_rpc",)


def _over_kernel(cls: type, rpc: Rpc, *, user_id: str, app_id: str, tenant_id: str) -> Any:
    client = cls("", "", user_id, app_id, tenant_id)
    client._rpc = rpc
    return client


class SignalsProxy(SignalsClient):
    """`ctx.signals`: subscribers in this worker hear a signal at once; the kernel then runs the
    installed extensions' `@ext.on_event("signal.<key>")` handlers, each recorded."""

    def __init__(self, rpc: Rpc):
        super().__init__()
        self._rpc = rpc

    async def emit(self, key: str, value: Any, **metadata: Any) -> dict[str, Any]:
        _json_value({"value": value, "metadata": metadata}, "ctx.signals.emit value and metadata")
        return await super().emit(key, value, **metadata)

    async def _publish(self, key: str, value: Any, metadata: dict[str, Any]) -> None:
        params = {"key": key, "value": value, "metadata": metadata}
        await _call(self._rpc, "signals", "emit", params)


# -- the ctx ---------------------------------------------------------------------------------------


def _time_context(now: datetime | None = None) -> TimeContext:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    local = now.astimezone()
    offset = local.strftime("%z")
    return TimeContext(
        timezone=str(local.tzinfo or "UTC"),
        utc_offset=f"{offset[:3]}:{offset[3:]}" if offset else "+00:00",
        # the platform's forms: UTC with a Z, local time without an offset (see utc_offset)
        now_utc=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        now_local=local.replace(tzinfo=None).isoformat(timespec="seconds"),
        hour_local=local.hour,
        is_business_hours=local.weekday() < 5 and 9 <= local.hour < 18,
    )


def build_worker_context(
    *,
    rpc: Rpc,
    user_id: str,
    tenant_id: str = "default",
    app_id: str,
    tool_type: str,
    ext: Any = None,
    config: dict[str, Any] | None = None,
    email: str = "",
    role: str = "user",
    scopes: list[str] | None = None,
    attributes: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    http: HTTPClient | None = None,
    now: datetime | None = None,
) -> Context:
    """The `ctx` a handler gets in a worker: every client forwards to the kernel through `rpc`.

    Left for the host to set: `_progress_callback`, `_background_task_spawn`,
    `_chat_message_hook` (and `skeleton`).
    """
    ctx = Context(
        user=UserContext(
            imperal_id=user_id,
            email=email or f"{user_id}@localhost",
            tenant_id=tenant_id,
            role=role,
            scopes=list(scopes) if scopes is not None else ["*"],
            attributes=dict(attributes or {}),
        ),
        tenant=TenantContext(tenant_id=tenant_id, name="local"),
        store=StoreProxy(rpc),
        ai=AIProxy(rpc),
        notify=NotifyProxy(rpc),
        storage=StorageProxy(rpc),
        http=http or HTTPClient(),
        config=ConfigClient(config),
        extensions=ExtensionsProxy(rpc, current_app_id=app_id),
        time=_time_context(now),
        _extension_id=app_id,
        _metadata={"surface": SURFACE, **(metadata or {})},
        _tool_type=tool_type,
        _extension=ext,
    )
    ctx._cache_client = CacheClient.with_backend(app_id, user_id, CacheBackendProxy(rpc), ext)
    declared = getattr(ext, "secrets", None)
    ctx.secrets = SecretClient.with_backend(  # type: ignore[attr-defined]
        ext_id=app_id,
        imperal_id=user_id,
        declared=dict(declared) if isinstance(declared, dict) else {},
        backend=SecretBackendProxy(rpc),
    )
    # hooks the Context's 6.x properties read (ctx.signals, ctx.users, ...)
    who = {"user_id": user_id, "app_id": app_id, "tenant_id": tenant_id}
    ctx._signals_client = SignalsProxy(rpc)  # type: ignore[attr-defined]
    ctx._users_client = _over_kernel(UsersProxy, rpc, **who)  # type: ignore[attr-defined]
    ctx._apps_client = _over_kernel(AppsProxy, rpc, **who)  # type: ignore[attr-defined]
    ctx._rbac_client = _over_kernel(RBACProxy, rpc, **who)  # type: ignore[attr-defined]
    ctx._conversations_client = _over_kernel(ConversationsProxy, rpc, **who)  # type: ignore[attr-defined]
    return ctx
