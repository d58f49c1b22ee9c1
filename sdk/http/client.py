"""`imperal_sdk.http.client`: `HTTPClient`, the `ctx.http` an extension uses for outbound HTTP.

httpx runs in the calling process (imported on first use); redirects are followed up to
`max_redirects`; the per-call timeout defaults to `timeout` and may never exceed `max_timeout`,
itself capped at 180 s. Bodies come back as JSON for a JSON content type, else text, else bytes.
One httpx client is shared per event loop (and redirect limit); `close_http_clients()` closes
the running loop's clients.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from typing import Any

from sdk.types.models import HTTPResponse

HTTP_DEFAULT_TIMEOUT = 30.0
HTTP_MAX_TIMEOUT = 180.0
HTTP_MAX_REDIRECTS = 5

__all__ = [
    "HTTP_DEFAULT_TIMEOUT",
    "HTTP_MAX_REDIRECTS",
    "HTTP_MAX_TIMEOUT",
    "HTTPClient",
    "HTTPResponse",
    "close_http_clients",
]


_http_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, Any]] = (
    weakref.WeakKeyDictionary()
)


def _httpx_client(max_redirects: int) -> Any:
    """One httpx client per event loop (and redirect limit), shared by every ctx in it."""
    import httpx

    per_loop = _http_clients.setdefault(asyncio.get_running_loop(), {})
    client = per_loop.get(max_redirects)
    if client is None or client.is_closed:
        client = httpx.AsyncClient(follow_redirects=True, max_redirects=max_redirects)
        per_loop[max_redirects] = client
    return client


async def close_http_clients() -> None:
    """Close this event loop's shared httpx clients (worker shutdown)."""
    loop = asyncio.get_running_loop()
    for client in _http_clients.pop(loop, {}).values():
        await client.aclose()


def _check_timeout(timeout: Any, cap: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError("ctx.http timeout must be a number of seconds")
    if not timeout > 0:
        raise ValueError(f"ctx.http timeout must be > 0, got {timeout}")
    if timeout > cap:
        raise ValueError(f"ctx.http timeout {timeout}s exceeds federal cap ({cap:g}s)")
    return float(timeout)


class HTTPClient:
    """`ctx.http`: httpx in the worker; redirects followed; per-call timeout <= 180 s."""

    def __init__(
        self,
        timeout: float = 30,
        max_redirects: int = 5,
        max_timeout: float = 180,
    ):
        self.max_timeout = min(float(max_timeout), HTTP_MAX_TIMEOUT)
        self.timeout = _check_timeout(timeout, self.max_timeout)
        self.max_redirects = max_redirects

    async def request(
        self, method: str, url: str, *, timeout: float | None = None, **kwargs: Any
    ) -> HTTPResponse:
        seconds = self.timeout if timeout is None else _check_timeout(timeout, self.max_timeout)
        client = _httpx_client(self.max_redirects)
        resp = await client.request(method, url, timeout=seconds, **kwargs)
        return HTTPResponse(
            status_code=resp.status_code, body=_body(resp), headers=dict(resp.headers)
        )

    async def get(self, url: str, *, timeout: float | None = None, **kwargs: Any) -> HTTPResponse:
        return await self.request("GET", url, timeout=timeout, **kwargs)

    async def post(self, url: str, *, timeout: float | None = None, **kwargs: Any) -> HTTPResponse:
        return await self.request("POST", url, timeout=timeout, **kwargs)

    async def put(self, url: str, *, timeout: float | None = None, **kwargs: Any) -> HTTPResponse:
        return await self.request("PUT", url, timeout=timeout, **kwargs)

    async def patch(self, url: str, *, timeout: float | None = None, **kwargs: Any) -> HTTPResponse:
        return await self.request("PATCH", url, timeout=timeout, **kwargs)

    async def delete(
        self, url: str, *, timeout: float | None = None, **kwargs: Any
    ) -> HTTPResponse:
        return await self.request("DELETE", url, timeout=timeout, **kwargs)


def _body(resp: Any) -> Any:
    """JSON for a JSON content type, else text, else bytes; "" when empty."""
    raw = resp.content
    if not raw:
        return ""
    if "json" in resp.headers.get("content-type", "").lower():
        try:
            return json.loads(raw)
        except ValueError:
            pass
    try:
        return raw.decode(resp.encoding or "utf-8")
    except (UnicodeDecodeError, LookupError):
        return raw
