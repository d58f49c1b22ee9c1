"""`imperal_sdk.runtime.hosted_client`: an engine that hands each call to a dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sdk.runtime.engine import KernelEngine

__all__ = ["HostedClient", "KernelEngine"]


class HostedClient(KernelEngine):
    """`dispatch(ir_function, params)` is awaited for every call (ctx is not forwarded)."""

    def __init__(self, dispatch: Callable[[Any, dict[str, Any]], Awaitable[Any]]):
        if not callable(dispatch):
            raise TypeError(
                f"HostedClient needs a callable dispatch, got {type(dispatch).__name__}"
            )
        self._dispatch = dispatch

    async def run_function(self, ir_function: Any, params: dict[str, Any], ctx: Any = None) -> Any:
        return await self._dispatch(ir_function, params)
