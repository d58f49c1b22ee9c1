"""Context: the uniform `ctx` every handler receives (identity, clients, time, lifecycle hooks)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sdk.types.identity import TenantContext, UserContext


class SkeletonAccessForbidden(PermissionError):
    """`ctx.skeleton` read outside an `@ext.skeleton` refresher."""


@dataclass
class TimeContext:
    timezone: str = "UTC"
    utc_offset: str = "+00:00"
    now_utc: str = ""
    now_local: str = ""
    hour_local: int = 0
    is_business_hours: bool = False


class _SkeletonGuard:
    def __init__(self, raw: Any, ctx: Context):
        self._raw = raw
        self._ctx = ctx

    async def get(self, section: str) -> Any:
        if self._ctx._tool_type != "skeleton":
            raise SkeletonAccessForbidden(
                "ctx.skeleton is readable only inside an @ext.skeleton refresher"
            )
        return await self._raw.get(section)


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
        self._cache_client = None

    @property
    def tenant_id(self) -> str:
        """Read-only alias the seeds use; the contract's home is `ctx.user.tenant_id`."""
        return self.user.tenant_id

    @property
    def cache(self) -> Any:
        if self._cache_client is None:
            raise RuntimeError("ctx.cache is not available in this context")
        return self._cache_client

    async def progress(self, percent: float, message: str = "") -> None:
        if self._progress_callback is not None:
            await self._progress_callback(percent, message)

    async def background_task(
        self, coro: Any, *, long_running: bool = False, name: str = ""
    ) -> str:
        if self._background_task_spawn is None:
            coro.close()
            raise RuntimeError("background tasks are not available in this context")
        return await self._background_task_spawn(
            coro, long_running=long_running, name=name or "background"
        )

    async def log(self, message: str, level: str = "info") -> None:
        logger = logging.getLogger(f"ext.{self._extension_id}")
        lvl = getattr(logging, str(level).upper(), logging.INFO)
        logger.log(lvl if isinstance(lvl, int) else logging.INFO, message)
