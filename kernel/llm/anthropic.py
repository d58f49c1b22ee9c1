"""Anthropic's Messages API over httpx (`/v1/messages`), streaming by server-sent events. A JSON
schema is asked for the documented way: one tool whose input is the schema, with the model
made to call it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

from kernel.llm._http import HTTPClient, error_message, translate
from kernel.llm.base import (
    Completion,
    Health,
    ProviderError,
    Timeouts,
    check_messages,
    guarded_stream,
    within,
)

NAME = "anthropic"
ANTHROPIC_URL = "https://api.anthropic.com"
ANTHROPIC_DEFAULT_MODEL = "claude-haiku-4-5"
API_VERSION = "2023-06-01"
ANSWER_TOOL = "answer"


def split_system(messages: list[dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    """The system prompt apart, as the Messages API wants it."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    return system, [m for m in messages if m["role"] != "system"]


class AnthropicProvider:
    name = NAME

    def __init__(
        self,
        model: str = "",
        base_url: str = "",
        api_key: str = "",
        *,
        timeouts: Timeouts | None = None,
        source: str = "",
    ) -> None:
        self.base_url = (base_url or ANTHROPIC_URL).rstrip("/").removesuffix("/v1")
        self.model = model or ANTHROPIC_DEFAULT_MODEL
        self.timeouts = timeouts or Timeouts()
        self.source = source
        self._has_key = bool(api_key)
        headers = {"anthropic-version": API_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        self.http = HTTPClient(self.base_url, headers, self.timeouts, NAME)

    def __repr__(self) -> str:
        return f"AnthropicProvider(model={self.model!r}, base_url={self.base_url!r})"

    def _body(self, messages, max_tokens, temperature, **extra) -> dict[str, Any]:
        system, rest = split_system(check_messages(messages))
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "messages": rest,
        }
        if system:
            body["system"] = system
        return body | extra

    async def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
    ) -> Completion:
        check_messages(messages)
        return await within(
            self.timeouts.total, self._complete(messages, schema, max_tokens, temperature), NAME
        )

    async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
        extra: dict[str, Any] = {}
        wrapped = schema is not None and schema.get("type") != "object"
        if schema is not None:
            input_schema = (
                {"type": "object", "properties": {"value": schema}, "required": ["value"]}
                if wrapped
                else schema
            )
            extra["tools"] = [
                {
                    "name": ANSWER_TOOL,
                    "description": "Give the answer.",
                    "input_schema": input_schema,
                }
            ]
            extra["tool_choice"] = {"type": "tool", "name": ANSWER_TOOL}
        body = await self.http.post_json(
            "/v1/messages", self._body(messages, max_tokens, temperature, **extra)
        )
        try:
            if body.get("type") == "error":
                raise ProviderError(
                    error_message(body) or "the API reported an error", provider=NAME
                )
            blocks = body["content"]
            text = "".join(b["text"] for b in blocks if b.get("type") == "text")
            usage = body.get("usage") or {}
            result = Completion(
                text=text,
                model=str(body.get("model") or self.model),
                usage={
                    "input_tokens": int(usage.get("input_tokens") or 0),
                    "output_tokens": int(usage.get("output_tokens") or 0),
                },
                stop_reason=str(body.get("stop_reason") or ""),
            )
            if schema is not None:
                calls = [b for b in blocks if b.get("type") == "tool_use"]
                if not calls or not isinstance(calls[0].get("input"), dict):
                    raise ProviderError(
                        "the model did not give the structured answer asked for",
                        provider=NAME,
                        kind="bad_output",
                        text=text,
                    )
                data = calls[0]["input"]
                result.data = data.get("value") if wrapped else data
                result.text = json.dumps(result.data)
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise translate(exc, NAME, self.base_url) from None
        return result

    def stream(
        self, messages: list[dict[str, Any]], *, max_tokens: int = 1024, temperature: float = 0.0
    ) -> AsyncIterator[str]:
        check_messages(messages)
        return guarded_stream(
            lambda: self._stream(messages, max_tokens, temperature),
            self.timeouts,
            NAME,
            lambda exc: translate(exc, NAME, self.base_url),
        )

    async def _stream(self, messages, max_tokens, temperature) -> AsyncIterator[str]:
        body = self._body(messages, max_tokens, temperature, stream=True)
        finished = False
        async with aclosing(self.http.events("/v1/messages", body)) as events:
            async for event, data in events:
                payload = json.loads(data)
                if not isinstance(payload, dict):
                    raise ValueError("event data is not an object")
                kind = payload.get("type", event)
                if kind == "error" or event == "error":
                    raise ProviderError(
                        error_message(payload) or "the API reported an error mid-stream",
                        provider=NAME,
                    )
                if kind == "content_block_delta":
                    delta = payload["delta"]
                    if delta.get("type") == "text_delta":
                        yield str(delta["text"])
                elif kind == "message_stop":
                    finished = True
                    break
        if not finished:
            raise ProviderError(
                "the stream ended before the answer was complete", provider=NAME, kind="truncated"
            )

    async def health(self, timeout: float | None = None) -> Health:
        if not self._has_key:
            return Health(False, "no API key (set ANTHROPIC_API_KEY)")
        try:
            body = await within(
                timeout or self.timeouts.total, self.http.get_json("/v1/models"), NAME
            )
            models = tuple(str(m["id"]) for m in body.get("data") or [])
        except ProviderError as exc:
            return Health(False, exc.message)
        except (TypeError, KeyError, AttributeError) as exc:
            return Health(False, translate(exc, NAME, self.base_url).message)
        return Health(True, f"{self.base_url} answers", models)

    async def aclose(self) -> None:
        await self.http.aclose()
