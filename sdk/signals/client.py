"""`ctx.signals` ([6.x]): publish a keyed value; local subscribers hear it at once.

`subscribe(key, callback)` registers `callback(key, value)` (sync or async) in this client;
`emit(key, value, **metadata)` calls every callback of `key` (a failing callback is logged and
skipped), then, when the client has a gateway URL, posts the signal there. A gateway failure is
logged, not raised: a signal is fire-and-forget. The answer is `{"ok": True, "key": key}`.
Inside an imperal-shell extension `ctx.signals` is the kernel's: emitted signals also run the
`@ext.on_event("signal.<key>")` handlers of installed extensions, each recorded in the ledger.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from sdk._http_retry import retry_transient
from sdk._shared_http import shared_http

__all__ = ["SIGNAL_EVENT_PREFIX", "SignalsClient", "check_signal_key"]

SIGNAL_EVENT_PREFIX = "signal."
MAX_KEY_LENGTH = 200
_TIMEOUT_S = 5.0

_log = logging.getLogger("imperal_sdk.signals")


def check_signal_key(key: Any) -> str:
    if not isinstance(key, str) or not key.strip():
        raise ValueError("a signal key must be a non-empty str")
    if len(key) > MAX_KEY_LENGTH or any(c.isspace() for c in key):
        raise ValueError(
            f"signal key {key!r} must have no spaces and at most {MAX_KEY_LENGTH} chars"
        )
    return key


class SignalsClient:
    def __init__(self, gateway_url: str = "", service_token: str = ""):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._service_token = service_token
        self._local_subscribers: dict[str, list[Callable[..., Any]]] = {}

    def __repr__(self) -> str:
        return f"SignalsClient(keys={sorted(self._local_subscribers)!r})"

    def subscribe(self, key: str, callback: Callable[..., Any]) -> None:
        check_signal_key(key)
        if not callable(callback):
            raise TypeError("subscribe() callback must be callable (key, value)")
        self._local_subscribers.setdefault(key, []).append(callback)

    async def _notify_local(self, key: str, value: Any) -> None:
        for callback in list(self._local_subscribers.get(key, ())):
            try:
                result = callback(key, value)
                if inspect.isawaitable(result):
                    await result
            except Exception as exc:
                _log.warning("signal %s: a subscriber failed (%s)", key, type(exc).__name__)

    async def _publish(self, key: str, value: Any, metadata: dict[str, Any]) -> None:
        """Post the signal to the gateway (when there is one); failures are logged only."""
        if not self._gateway_url:
            return
        url = f"{self._gateway_url}/api/v1/signals/emit"
        body = {"key": key, "value": value, "metadata": metadata}
        headers = {"Authorization": f"Bearer {self._service_token}"}

        async def attempt() -> Any:
            async with shared_http(_TIMEOUT_S) as http:
                return await http.post(url, json=body, headers=headers)

        try:
            resp = await retry_transient(attempt, op=f"signals.emit({key})")
            if resp.status_code >= 400:
                _log.warning("signal %s: the gateway answered %s", key, resp.status_code)
        except Exception as exc:
            _log.warning("signal %s: not delivered to the gateway (%s)", key, type(exc).__name__)

    async def emit(self, key: str, value: Any, **metadata: Any) -> dict[str, Any]:
        check_signal_key(key)
        await self._notify_local(key, value)
        await self._publish(key, value, metadata)
        return {"ok": True, "key": key}
