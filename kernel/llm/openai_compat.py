"""Any server speaking OpenAI's chat completions API: llama.cpp's `llama-server`, vLLM,
LM Studio, OpenAI itself. Streaming by server-sent events; a JSON schema goes as
`response_format` (schema-constrained decoding where the server supports it)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any
from urllib.parse import urlsplit

from kernel.llm._http import HTTPClient, error_message, translate
from kernel.llm.base import Completion, Health, Provider, ProviderError, Timeouts, parse_json_output

NAME = "openai"
OPENAI_URL = "https://api.openai.com/v1"
# End-of-turn markers of common chat templates. A local server that applies a template the
# model was not trained on (llama.cpp falls back to ChatML) lets the model write them as text
# and run on to max_tokens; stopping at them ends the answer where the turn ends.
TURN_MARKERS = ("<|im_end|>", "<|im_start|>", "<end_of_turn>", "<|eot_id|>")
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"


def normalise_base_url(base_url: str) -> str:
    """A bare host (`http://127.0.0.1:8080`) gets the `/v1` every such server serves."""
    base_url = base_url.rstrip("/")
    return base_url + "/v1" if urlsplit(base_url).path in ("", "/") else base_url


class OpenAICompatProvider(Provider):
    name = NAME

    def __init__(
        self,
        model: str = "",
        base_url: str = "",
        api_key: str = "",
        *,
        timeouts: Timeouts | None = None,
        strict_schema: bool = False,
        source: str = "",
    ) -> None:
        self.base_url = normalise_base_url(base_url or OPENAI_URL)
        self._official = urlsplit(self.base_url).hostname == "api.openai.com"
        self.model = model or (OPENAI_DEFAULT_MODEL if self._official else "")
        self.timeouts = timeouts or Timeouts()
        self.strict_schema = strict_schema
        self.source = source
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = HTTPClient(self.base_url, headers, self.timeouts, NAME)

    def _error(self, exc: BaseException) -> ProviderError:
        return translate(exc, NAME, self.base_url)

    async def list_models(self) -> list[str]:
        return await self.http.model_ids("/models")

    def judge(self, models: list[str]) -> Health:
        if self.model and models and self.model not in models and not self._official:
            return Health(False, f"{self.base_url} does not serve {self.model}", tuple(models))
        served = ", ".join(models) or "a model"
        return Health(True, f"{self.base_url} serves {served}", tuple(models))

    def _body(self, messages, model, max_tokens, temperature, **extra) -> dict[str, Any]:
        limit = "max_completion_tokens" if self._official else "max_tokens"
        body = {"model": model, "messages": messages, limit: max_tokens}
        body["temperature"] = temperature
        if not self._official:
            body["stop"] = list(TURN_MARKERS)
        return body | extra

    async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
        extra = {}
        if schema is not None:
            spec: dict[str, Any] = {"name": "answer", "schema": schema}
            if self.strict_schema:
                spec["strict"] = True
            extra["response_format"] = {"type": "json_schema", "json_schema": spec}
        model = await self._model()
        body = await self.http.post_json(
            "/chat/completions", self._body(messages, model, max_tokens, temperature, **extra)
        )
        return self._completion(body, model, schema)

    def _completion(self, body: Any, model: str, schema: Any) -> Completion:
        if isinstance(body, dict) and body.get("error"):
            message = error_message(body) or "the server reported an error"
            raise ProviderError(message, provider=NAME)
        try:
            choice = body["choices"][0]
            text = choice["message"].get("content") or ""
            if not isinstance(text, str):
                raise TypeError("content is not text")
            usage = body.get("usage") or {}
            result = Completion(
                text=text,
                model=str(body.get("model") or model),
                usage={
                    "input_tokens": int(usage.get("prompt_tokens") or 0),
                    "output_tokens": int(usage.get("completion_tokens") or 0),
                },
                stop_reason=str(choice.get("finish_reason") or ""),
            )
        except (TypeError, KeyError, IndexError, AttributeError, ValueError) as exc:
            raise self._error(exc) from None
        if schema is not None:
            result.data = parse_json_output(text, NAME)
        return result

    async def _stream(self, messages, max_tokens, temperature) -> AsyncIterator[str]:
        model = await self._model()
        body = self._body(messages, model, max_tokens, temperature, stream=True)
        finished = False
        async with aclosing(self.http.events("/chat/completions", body)) as events:
            async for event, data in events:
                if event == "json":  # the server ignored stream=True
                    yield self._completion(json.loads(data), model, None).text
                    return
                if data.strip() == "[DONE]":
                    finished = True
                    break
                chunk = json.loads(data)
                if not isinstance(chunk, dict):
                    raise ValueError("chunk is not an object")
                if chunk.get("error"):
                    raise ProviderError(
                        error_message(chunk) or "the server reported an error mid-stream",
                        provider=NAME,
                    )
                for choice in chunk.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        yield str(content)
                    if choice.get("finish_reason"):
                        finished = True
        if not finished:
            raise self.truncated()

    async def aclose(self) -> None:
        await self.http.aclose()
