"""`imperal_sdk._http_retry`: retry an HTTP call on transient transport errors.

`await retry_transient(call, op="what")` runs `call()` up to `max_attempts` times while it raises
one of `TRANSIENT_EXC` (connection and timeout errors of httpx), sleeping a jittered,
exponentially growing delay (`BACKOFF_BASE_S` * 2**attempt) between tries. Any other exception,
or the last transient one, propagates unchanged. `TRANSIENT_EXC` is built on first access so
that importing this module does not import httpx.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

__all__ = ["BACKOFF_BASE_S", "MAX_ATTEMPTS", "TRANSIENT_EXC", "retry_transient"]  # noqa: F822

BACKOFF_BASE_S = 0.1
MAX_ATTEMPTS = 3
T = TypeVar("T")

_log = logging.getLogger("imperal_sdk.http_retry")


def _transient() -> tuple[type[BaseException], ...]:
    import httpx

    return (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.PoolTimeout,
        httpx.RemoteProtocolError,
    )


def __getattr__(name: str) -> Any:
    if name == "TRANSIENT_EXC":
        return _transient()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


async def retry_transient(
    call: Callable[[], Awaitable[T]], *, op: str, max_attempts: int = MAX_ATTEMPTS
) -> T:
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise ValueError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
    transient = _transient()
    for attempt in range(1, max_attempts + 1):
        try:
            return await call()
        except transient as exc:
            if attempt == max_attempts:
                _log.warning("%s gave up after %d attempts (%s)", op, attempt, type(exc).__name__)
                raise
            delay = BACKOFF_BASE_S * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
            _log.info("%s: %s, attempt %d of %d; retrying", op, type(exc).__name__, attempt,
                      max_attempts)  # fmt: skip
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
