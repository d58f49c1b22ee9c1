"""`imperal_sdk._shared_http`: one pooled `httpx.AsyncClient` for the SDK's HTTP clients.

`async with shared_http(timeout) as http:` yields a thin view of the shared client that applies
`timeout` (seconds) to every request made through it unless the call passes its own. httpx is
imported only when a client is first needed, so importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

__all__ = ["aclose", "get_shared_client", "reset", "shared_http"]

_client: Any = None


def get_shared_client() -> Any:
    """The process-wide `httpx.AsyncClient`, created (again) when there is none or it closed."""
    global _client
    if _client is None or _client.is_closed:
        import httpx

        _client = httpx.AsyncClient(timeout=5.0)
    return _client


def reset() -> None:
    """Forget the shared client without closing it (after a fork, or between test loops)."""
    global _client
    _client = None


async def aclose() -> None:
    """Close the shared client if there is one; the next use opens a new one."""
    global _client
    client, _client = _client, None
    if client is not None and not client.is_closed:
        await client.aclose()


class _TimeoutView:
    """The shared client seen with a default per-request timeout."""

    __slots__ = ("_c", "_t")

    def __init__(self, client: Any, timeout: float | None):
        self._c = client
        self._t = timeout

    def _kw(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        if self._t is not None:
            kwargs.setdefault("timeout", self._t)
        return kwargs

    async def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return await self._c.request(method, url, **self._kw(kwargs))

    async def get(self, url: str, **kwargs: Any) -> Any:
        return await self._c.get(url, **self._kw(kwargs))

    async def post(self, url: str, **kwargs: Any) -> Any:
        return await self._c.post(url, **self._kw(kwargs))

    async def put(self, url: str, **kwargs: Any) -> Any:
        return await self._c.put(url, **self._kw(kwargs))

    async def patch(self, url: str, **kwargs: Any) -> Any:
        return await self._c.patch(url, **self._kw(kwargs))

    async def delete(self, url: str, **kwargs: Any) -> Any:
        return await self._c.delete(url, **self._kw(kwargs))


@contextlib.asynccontextmanager
async def shared_http(timeout: float | None = None) -> AsyncIterator[_TimeoutView]:
    yield _TimeoutView(get_shared_client(), timeout)
