"""One entry point for every `ctx.*` RPC a worker sends: `await dispatch(scope, service, method,
params)` returns JSON or raises `RemoteError(kind, message, data)`.

Errors the services raise with SDK types become RemoteErrors of that kind; anything else is
logged here (type only for secrets, so no value can reach a log) and reported as
`InternalError` without its text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services import (
    ai,
    apps,
    cache,
    config,
    conversations,
    extensions,
    files,
    notify,
    rbac,
    secrets,
    signals,
    store,
    users,
)
from kernel.services.common import to_remote

_log = logging.getLogger("kernel.services")

Handler = Callable[[CallScope, str, dict[str, Any]], Awaitable[Any]]

SERVICES: dict[str, Handler] = {
    "store": store.handle,
    "cache": cache.handle,
    "secrets": secrets.handle,
    "storage": files.handle,
    "notify": notify.handle,
    "config": config.handle,
    "ai": ai.handle,
    "extensions": extensions.handle,
    "signals": signals.handle,
    "conversations": conversations.handle,
    "users": users.handle,
    "apps": apps.handle,
    "rbac": rbac.handle,
}


@dataclass
class KernelServices:
    """The kernel-side objects that outlive calls; `scope.services = services.mapping()`."""

    secrets: secrets.SecretsService
    cache: cache.CacheService
    files: files.FileService
    llm: Any = None
    conversations: conversations.ConversationBook = field(
        default_factory=conversations.ConversationBook
    )
    rbac_log: rbac.RbacLog = field(default_factory=rbac.RbacLog)
    catalog: Any = None  # the kernel's Catalog (ctx.apps lists it); set by the kernel
    db: Any = None  # the kernel's Database (ctx.ai records token usage); set by the kernel
    _mapping: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls,
        data_dir: Path,
        config_dir: Path | None = None,
        *,
        llm: Any = None,
        secrets_backend: str | None = None,
    ) -> KernelServices:
        data_dir = Path(data_dir)
        return cls(
            secrets=secrets.SecretsService(data_dir, config_dir, backend=secrets_backend),
            cache=cache.CacheService(),
            files=files.FileService(data_dir / "files"),
            llm=llm,
        )

    def mapping(self) -> dict[str, Any]:
        """The dict for `CallScope.services` (one shared dict; `llm` may be set later)."""
        self._mapping.update(secrets=self.secrets, cache=self.cache, files=self.files, llm=self.llm,
                             conversations=self.conversations, rbac_log=self.rbac_log,
                             catalog=self.catalog, db=self.db)  # fmt: skip
        return self._mapping

    def set_llm(self, provider: Any) -> None:
        self.llm = provider
        self._mapping["llm"] = provider


async def dispatch(scope: CallScope, service: str, method: str, params: dict[str, Any]) -> Any:
    handler = SERVICES.get(service)
    if handler is None:
        raise RemoteError("NotImplementedError", f"there is no ctx service {service!r}")
    if not isinstance(method, str):
        raise RemoteError("TypeError", "the method name must be a str")
    if not isinstance(params, dict):
        raise RemoteError("TypeError", f"ctx.{service}.{method}: params must be an object")
    try:
        return await handler(scope, method, params)
    except (RemoteError, asyncio.CancelledError):
        raise
    except Exception as exc:
        remote = to_remote(exc)
        if remote is not None:
            raise remote from None
        if service == "secrets":
            _log.error("ctx.secrets.%s failed for %s: %s", method, scope.app_id, type(exc).__name__)
        else:
            _log.exception("ctx.%s.%s failed for %s", service, method, scope.app_id)
        raise RemoteError(
            "InternalError",
            f"ctx.{service}.{method} failed inside the kernel ({type(exc).__name__}); "
            "see the kernel log",
        ) from None
