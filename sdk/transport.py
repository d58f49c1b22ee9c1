"""`imperal_sdk.transport`: how gateway clients send requests.

`DefaultHttpTransport` speaks HTTP through the shared client (httpx, imported on first use) with
transient retries; `OfflineTransport` answers from a dict and records every request, for tests
and offline runs: the first key contained in the URL wins, and an unmatched request gets `{}`.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from sdk._http_retry import retry_transient
from sdk._shared_http import shared_http
from sdk.errors import APIError, AuthError, NotFoundError

__all__ = [
    "APIError",
    "AuthError",
    "DefaultHttpTransport",
    "GatewayTransport",
    "NotFoundError",
    "OfflineTransport",
    "retry_transient",
    "shared_http",
]


@runtime_checkable
class GatewayTransport(Protocol):
    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        params: dict[str, Any] | None = None,
        json_data: Any | None = None,
        timeout: float = 15.0,
        op: str = "",
    ) -> Any: ...


class DefaultHttpTransport:
    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        params: dict[str, Any] | None = None,
        json_data: Any | None = None,
        timeout: float = 15.0,
        op: str = "",
    ) -> Any:
        from sdk._gateway import _detail

        label = op or f"{method} {url}"
        async with shared_http(timeout) as http:
            resp = await retry_transient(
                lambda: http.request(method, url, headers=headers, params=params, json=json_data),
                op=label,
            )
        if resp.status_code == 404:
            raise NotFoundError(label, url)
        if resp.status_code in (401, 403):
            raise AuthError(_detail(resp))
        if resp.status_code >= 400:
            raise APIError(_detail(resp), resp.status_code)
        if not resp.content:
            return {}
        try:
            return resp.json()
        except ValueError:
            raise APIError(f"{label} answered with non-JSON", resp.status_code) from None


class OfflineTransport:
    def __init__(self, responses: dict[str, Any] | None = None):
        if responses is not None and not isinstance(responses, dict):
            raise TypeError(f"responses must be a dict, got {type(responses).__name__}")
        self.responses: dict[str, Any] = responses if responses is not None else {}
        self.recorded_requests: list[dict[str, Any]] = []

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        params: dict[str, Any] | None = None,
        json_data: Any | None = None,
        timeout: float = 15.0,
        op: str = "",
    ) -> Any:
        self.recorded_requests.append(
            {"method": method, "url": url, "headers": headers, "params": params, "json": json_data}
        )
        for fragment, answer in self.responses.items():
            if fragment in url:
                return answer
        return {}
