"""The HTTP plumbing the OpenAI-compatible and Anthropic providers share (httpx): one client per
event loop, JSON requests, server-sent events, and every failure as a short ProviderError."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from kernel.llm.base import PerLoop, ProviderError, Timeouts, clip


def httpx_timeout(t: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(connect=t.connect, read=t.idle, write=t.idle, pool=t.connect)


def error_message(body: Any) -> str:
    """The message inside an API error body (OpenAI, Anthropic and Ollama shapes)."""
    if isinstance(body, dict):
        err = body.get("error", body.get("message"))
        if isinstance(err, dict):
            err = err.get("message") or err.get("type")
        if err:
            return clip(err)
    return ""


def translate(exc: BaseException, provider: str, url: str) -> ProviderError:
    """A transport failure as one short line."""
    where = host_of(url)
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, httpx.ConnectError | ConnectionError):
        return ProviderError(f"cannot reach {where}", provider=provider, kind="unreachable")
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return ProviderError(f"{where} did not answer in time", provider=provider, kind="timeout")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return ProviderError(f"{where} broke off the response", provider=provider, kind="truncated")
    if isinstance(exc, httpx.HTTPError):
        return ProviderError(
            f"request to {where} failed: {clip(exc, 80)}", provider=provider, kind="unreachable"
        )
    if isinstance(exc, ValueError | KeyError | TypeError | IndexError | AttributeError):
        return ProviderError(
            f"{where} sent a response that is not the expected JSON",
            provider=provider,
            kind="malformed",
        )
    return ProviderError(f"{type(exc).__name__}: {clip(exc, 80)}", provider=provider, kind="error")


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def status_error(status: int, body_text: str, provider: str, url: str) -> ProviderError:
    try:
        detail = error_message(json.loads(body_text))
    except ValueError:
        detail = clip(body_text, 80)
    kind = "auth" if status in (401, 403) else "http"
    what = "refused the API key" if kind == "auth" else f"answered HTTP {status}"
    return ProviderError(
        f"{host_of(url)} {what}" + (f": {detail}" if detail else ""),
        provider=provider,
        kind=kind,
        status=status,
    )


class HTTPClient:
    """JSON and server-sent events against one base URL (an httpx client per event loop)."""

    def __init__(self, base_url: str, headers: dict[str, str], timeouts: Timeouts, name: str):
        self.base_url = base_url.rstrip("/")
        self.headers = headers
        self.name = name
        self._clients = PerLoop(
            lambda: httpx.AsyncClient(headers=headers, timeout=httpx_timeout(timeouts))
        )

    def client(self) -> httpx.AsyncClient:
        return self._clients.get()

    async def aclose(self) -> None:
        client = self._clients.take()
        if client is not None:
            await client.aclose()

    def url(self, path: str) -> str:
        return self.base_url + path

    async def get_json(self, path: str) -> Any:
        return await self._json("GET", path, None)

    async def model_ids(self, path: str) -> list[str]:
        """The ids in an OpenAI/Anthropic-shaped model list (`{"data": [{"id": ...}]}`)."""
        body = await self.get_json(path)
        try:
            return [str(m["id"]) for m in body.get("data") or []]
        except (TypeError, KeyError, AttributeError) as exc:
            raise translate(exc, self.name, self.url(path)) from None

    async def post_json(self, path: str, body: dict[str, Any]) -> Any:
        return await self._json("POST", path, body)

    async def _json(self, method: str, path: str, body: Any) -> Any:
        url = self.url(path)
        try:
            response = await self.client().request(method, url, json=body)
            if response.status_code >= 400:
                raise status_error(response.status_code, response.text, self.name, url)
            return response.json()
        except Exception as exc:  # noqa: BLE001 - becomes one ProviderError
            raise translate(exc, self.name, url) from None

    async def events(self, path: str, body: dict[str, Any]) -> AsyncIterator[tuple[str, str]]:
        """POST, then the server-sent events as (event, data). A server that answers with plain
        JSON instead of a stream yields one ("json", body) pair."""
        url = self.url(path)
        async with self.client().stream("POST", url, json=body) as response:
            if response.status_code >= 400:
                text = (await response.aread()).decode("utf-8", "replace")
                raise status_error(response.status_code, text, self.name, url)
            if "json" in response.headers.get("content-type", ""):
                yield "json", (await response.aread()).decode("utf-8", "replace")
                return
            event, data = "", []
            async for line in response.aiter_lines():
                if not line:
                    if data:
                        yield event or "message", "\n".join(data)
                    event, data = "", []
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        event = value
                    elif field == "data":
                        data.append(value)
            if data:
                yield event or "message", "\n".join(data)
