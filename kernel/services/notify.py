"""`ctx.notify` in the kernel: a notification becomes a record the executor turns into an event."""

from __future__ import annotations

import json
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param

MAX_MESSAGE_BYTES = 65536
MAX_EXTRA_BYTES = 65536
TRUNCATION_SUFFIX = "...(truncated)"


def _truncate(text: str, limit: int = MAX_MESSAGE_BYTES) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    keep = limit - len(TRUNCATION_SUFFIX.encode("utf-8"))
    return raw[:keep].decode("utf-8", errors="ignore") + TRUNCATION_SUFFIX


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`send`: {message, channel, extra} -> `await scope.notify(payload)`."""
    if method != "send":
        raise RemoteError("NotImplementedError", f"ctx.notify has no method {method!r}")
    if scope.notify is None:
        raise RemoteError("RuntimeError", f"ctx.notify is not available in a {scope.tool_type}")
    user_id = acting_user(scope, params)
    message = param(params, "message", str)
    channel = param(params, "channel", str, "in_app") or "in_app"
    extra = param(params, "extra", dict, {})
    if len(json.dumps(extra, default=str).encode("utf-8")) > MAX_EXTRA_BYTES:
        raise RemoteError("ValueError", f"notification fields exceed {MAX_EXTRA_BYTES} bytes")
    payload = {
        **extra,
        "message": _truncate(message),
        "channel": channel,
        "user_id": user_id,
        "app_id": scope.app_id,
    }
    await scope.notify(payload)
    return None
