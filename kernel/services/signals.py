"""`ctx.signals` in the kernel: a signal becomes an event through the executor.

`emit` {key, value, metadata} runs every installed extension's `@ext.on_event("signal.<key>")`
handler through the one execute path (`scope.emit`), each as its own recorded action, with
`{"key", "value", "metadata", "from"}` as the event data. Subscribers inside the emitting worker
are served there (the SDK's `SignalsClient`). Read-only renders may not emit.
"""

from __future__ import annotations

import json
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import param, refuse_in_read_only
from sdk.signals.client import SIGNAL_EVENT_PREFIX, check_signal_key

MAX_PAYLOAD_BYTES = 65536


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    if method != "emit":
        raise RemoteError("NotImplementedError", f"ctx.signals has no method {method!r}")
    refuse_in_read_only(scope, "ctx.signals.emit")
    if scope.emit is None:
        raise RemoteError("RuntimeError", f"ctx.signals is not available in a {scope.tool_type}")
    key = check_signal_key(param(params, "key", str))
    metadata = param(params, "metadata", dict, {})
    data = {"key": key, "value": params.get("value"), "metadata": metadata, "from": scope.app_id}
    if len(json.dumps(data, default=str).encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise RemoteError("ValueError", f"a signal carries at most {MAX_PAYLOAD_BYTES} bytes")
    await scope.emit(SIGNAL_EVENT_PREFIX + key, data)
    return {"ok": True, "key": key}
