"""Ollama through its Python client (`ollama.AsyncClient`): `/api/chat` for answers (a JSON
schema goes as `format`), `/api/tags` for health and the default model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing

import ollama

from kernel.llm._http import httpx_timeout, status_error, translate
from kernel.llm.base import (
    Completion,
    Health,
    PerLoop,
    Provider,
    ProviderError,
    Timeouts,
    clip,
    parse_json_output,
)

NAME = "ollama"
OLLAMA_URL = "http://127.0.0.1:11434"


def same_model(a: str, b: str) -> bool:
    """`llama3.2` and `llama3.2:latest` name one model."""

    def tag(name: str) -> str:
        return name if ":" in name else name + ":latest"

    return tag(a) == tag(b)


class OllamaProvider(Provider):
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
        self._clients = PerLoop(
            lambda: ollama.AsyncClient(host=self.base_url, timeout=httpx_timeout(self.timeouts))
        )

    def _error(self, exc: BaseException) -> ProviderError:
        if isinstance(exc, ollama.ResponseError):
            if exc.status_code is None or exc.status_code < 400:  # an error inside the body
                return ProviderError(clip(exc.error), provider=NAME)
            return status_error(exc.status_code, exc.error, NAME, self.base_url)
        return translate(exc, NAME, self.base_url)

    async def list_models(self) -> list[str]:
        try:
            listed = await self._clients.get().list()
            return [str(m.model) for m in listed.models]
        except Exception as exc:  # noqa: BLE001 - becomes one ProviderError
            raise self._error(exc) from None

    def judge(self, models: list[str]) -> Health:
        if not models:
            return Health(False, self.no_models())
        if self.model and not any(same_model(self.model, m) for m in models):
            pull = f"{self.model} is not pulled; run `ollama pull {self.model}`"
            return Health(False, pull, tuple(models))
        return Health(True, f"{self.base_url} serves {len(models)} model(s)", tuple(models))

    def no_models(self) -> str:
        return f"{self.base_url} has no models; run `ollama pull <model>`"

    @staticmethod
    def _options(max_tokens: int, temperature: float) -> dict[str, float]:
        return {"temperature": temperature, "num_predict": max_tokens}

    async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
        model = await self._model()
        try:
            response = await self._clients.get().chat(
                model, messages, format=schema, options=self._options(max_tokens, temperature)
            )
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

    async def _stream(self, messages, max_tokens, temperature) -> AsyncIterator[str]:
        model = await self._model()
        done = False
        parts = await self._clients.get().chat(
            model, messages, stream=True, options=self._options(max_tokens, temperature)
        )
        async with aclosing(parts):
            async for part in parts:
                if part.message and part.message.content:
                    yield part.message.content
                if part.done:
                    done = True
                    break
        if not done:
            raise self.truncated()

    async def aclose(self) -> None:
        client = self._clients.take()
        if client is not None:
            await client._client.aclose()
