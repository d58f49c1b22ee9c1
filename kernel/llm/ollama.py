"""Ollama through its Python client (`ollama.AsyncClient`): `/api/chat` for answers (a JSON
schema goes as `format`), `/api/tags` for health and the default model."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import ollama

from kernel.llm._http import httpx_timeout, status_error, translate
from kernel.llm.base import (
    Completion,
    Health,
    ProviderError,
    Timeouts,
    check_messages,
    guarded_stream,
    parse_json_output,
    within,
)

NAME = "ollama"
OLLAMA_URL = "http://127.0.0.1:11434"


def same_model(a: str, b: str) -> bool:
    """`llama3.2` and `llama3.2:latest` name one model."""

    def tag(name: str) -> str:
        return name if ":" in name else name + ":latest"

    return tag(a) == tag(b)


class OllamaProvider:
    name = NAME

    def __init__(
        self,
        model: str = "",
        base_url: str = "",
        *,
        timeouts: Timeouts | None = None,
        source: str = "",
    ) -> None:
        self.base_url = (base_url or OLLAMA_URL).rstrip("/")
        self.model = model
        self.timeouts = timeouts or Timeouts()
        self.source = source
        self._client: ollama.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"OllamaProvider(model={self.model!r}, base_url={self.base_url!r})"

    def client(self) -> ollama.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = ollama.AsyncClient(
                host=self.base_url, timeout=httpx_timeout(self.timeouts)
            )
            self._loop = loop
        return self._client

    def _error(self, exc: BaseException) -> ProviderError:
        if isinstance(exc, ollama.ResponseError):
            if exc.status_code in (-1, None) or exc.status_code < 400:  # an error inside the body
                return ProviderError(str(exc.error)[:160], provider=NAME)
            return status_error(exc.status_code, exc.error, NAME, self.base_url)
        return translate(exc, NAME, self.base_url)

    async def models(self) -> list[str]:
        try:
            listed = await self.client().list()
            return [str(m.model) for m in listed.models]
        except Exception as exc:  # noqa: BLE001 - becomes one ProviderError
            raise self._error(exc) from None

    async def _model(self) -> str:
        if not self.model:
            listed = await self.models()
            if not listed:
                raise ProviderError(
                    f"{self.base_url} has no models; run `ollama pull <model>`", provider=NAME
                )
            self.model = listed[0]
        return self.model

    def _request(self, messages, max_tokens, temperature) -> dict[str, Any]:
        return {
            "messages": check_messages(messages),
            "options": {"temperature": temperature, "num_predict": max_tokens},
        }

    async def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
    ) -> Completion:
        request = self._request(messages, max_tokens, temperature)
        return await within(self.timeouts.total, self._complete(request, schema), NAME)

    async def _complete(self, request: dict[str, Any], schema: Any) -> Completion:
        model = await self._model()
        try:
            response = await self.client().chat(model, stream=False, format=schema, **request)
            text = response.message.content or ""
            result = Completion(
                text=text,
                model=str(response.model or model),
                usage={
                    "input_tokens": int(response.prompt_eval_count or 0),
                    "output_tokens": int(response.eval_count or 0),
                },
                stop_reason=str(response.done_reason or ""),
            )
        except Exception as exc:  # noqa: BLE001 - becomes one ProviderError
            raise self._error(exc) from None
        if schema is not None:
            result.data = parse_json_output(text, NAME)
        return result

    def stream(
        self, messages: list[dict[str, Any]], *, max_tokens: int = 1024, temperature: float = 0.0
    ) -> AsyncIterator[str]:
        request = self._request(messages, max_tokens, temperature)
        return guarded_stream(lambda: self._stream(request), self.timeouts, NAME, self._error)

    async def _stream(self, request: dict[str, Any]) -> AsyncIterator[str]:
        model = await self._model()
        done = False
        parts = await self.client().chat(model, stream=True, **request)
        async with aclosing(parts):
            async for part in parts:
                if part.message and part.message.content:
                    yield part.message.content
                if part.done:
                    done = True
                    break
        if not done:
            raise ProviderError(
                "the stream ended before the answer was complete", provider=NAME, kind="truncated"
            )

    async def health(self, timeout: float | None = None) -> Health:
        try:
            models = await within(timeout or self.timeouts.total, self.models(), NAME)
        except ProviderError as exc:
            return Health(False, exc.message)
        if not models:
            return Health(False, f"{self.base_url} has no models; run `ollama pull <model>`")
        if self.model and not any(same_model(self.model, m) for m in models):
            return Health(
                False, f"{self.model} is not pulled; run `ollama pull {self.model}`", tuple(models)
            )
        return Health(True, f"{self.base_url} serves {len(models)} model(s)", tuple(models))

    async def aclose(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client._client.aclose()
        self._client = None
