"""`ctx.extensions`: call another extension's `@ext.expose`d methods, with loop and depth guards."""

from __future__ import annotations

import logging
from typing import Any

from sdk.errors import AuthError, CircularCallError, ExtensionError, NotFoundError

MAX_CALL_DEPTH = 7
_log = logging.getLogger("imperal_sdk.extensions")


class ExtensionsClient:
    """`loader(app_id)` returns an Extension or None; `ctx_factory(app_id, stack)` builds the
    callee's ctx; `kctx_dict` carries the caller's identity (its `scopes`)."""

    def __init__(
        self, loader, ctx_factory, kctx_dict: dict | None, current_app_id: str, call_stack=None
    ):
        self._loader = loader
        self._ctx_factory = ctx_factory
        self._kctx = dict(kctx_dict or {})
        self.current_app_id = current_app_id
        self.call_stack = list(call_stack or [current_app_id])

    async def call(self, app_id: str, method: str, **params: Any) -> Any:
        if app_id in self.call_stack:
            raise CircularCallError([*self.call_stack, app_id])
        if len(self.call_stack) >= MAX_CALL_DEPTH:
            raise ExtensionError(app_id, f"call depth {MAX_CALL_DEPTH} reached")
        ext = self._loader(app_id)
        exposed = getattr(ext, "_exposed", {}).get(method) if ext is not None else None
        if exposed is None:
            raise NotFoundError("method", f"{app_id}.{method}")
        scopes = self._kctx.get("scopes", [])
        needed = (f"{app_id}:{exposed.action_type}", f"extensions:{exposed.action_type}")
        if "*" not in scopes and not any(s in scopes for s in needed):
            raise AuthError(f"calling {app_id}.{method} needs scope {needed[0]} or {needed[1]}")
        child = self._ctx_factory(app_id, [*self.call_stack, app_id])
        return await exposed.func(child, **params)

    async def emit(self, event_type: str, data: dict) -> None:
        """Fire-and-forget; the host replaces this to route events through the audit chokepoint."""
        _log.info("emit %s from %s (%d keys)", event_type, self.current_app_id, len(data or {}))
