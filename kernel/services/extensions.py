"""`ctx.extensions` in the kernel: calls and events between extensions go through the executor.

`call` forwards to `scope.call_extension(app_id, method, params)` (the executor's one execute
path: cycle detection, depth limit, authorization, ledger); `emit` to `scope.emit(event, data)`.
"""

from __future__ import annotations

from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import param


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    if method == "call":
        if scope.call_extension is None:
            raise RemoteError(
                "RuntimeError", f"ctx.extensions.call is not available in a {scope.tool_type}"
            )
        app_id = param(params, "app_id", str)
        fn = param(params, "method", str)
        return await scope.call_extension(app_id, fn, param(params, "params", dict, {}))
    if method == "emit":
        if scope.emit is None:
            raise RemoteError(
                "RuntimeError", f"ctx.extensions.emit is not available in a {scope.tool_type}"
            )
        return await scope.emit(param(params, "event_type", str), param(params, "data", dict, {}))
    raise RemoteError("NotImplementedError", f"ctx.extensions has no method {method!r}")
