"""Anthropic's Messages API over httpx (`/v1/messages`), streaming by server-sent events. A JSON
schema is asked for the documented way: one tool whose input is the schema, with the model
made to call it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

from kernel.llm._http import HTTPClient, error_message, translate
from kernel.llm.base import Completion, Health, Provider, ProviderError, Timeouts

NAME = "anthropic"
ANTHROPIC_URL = "https://api.anthropic.com"
ANTHROPIC_DEFAULT_MODEL = "claude-haiku-4-5"
API_VERSION = "2023-06-01"
ANSWER_TOOL = "answer"


def split_system(messages: list[dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    """The system prompt apart, as the Messages API wants it."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    return system, [m for m in messages if m["role"] != "system"]


def answer_tool(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The tool the model must call to answer in `schema`; a schema that is not an object goes
    inside one (`value`), and the flag says so."""
    wrapped = schema.get("type") != "object"
    if wrapped:
        schema = {"type": "object", "properties": {"value": schema}, "required": ["value"]}
    return {"name": ANSWER_TOOL, "description": "Give the answer.", "input_schema": schema}, wrapped


class AnthropicProvider(Provider):
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

    def _error(self, exc: BaseException) -> ProviderError:
        return translate(exc, NAME, self.base_url)

    def _body(self, messages, max_tokens, temperature, **extra) -> dict[str, Any]:
        system, rest = split_system(messages)
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "messages": rest,
        }
        if system:
            body["system"] = system
        return body | extra

    async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
        extra: dict[str, Any] = {}
        wrapped = False
        if schema is not None:
            tool, wrapped = answer_tool(schema)
            extra = {"tools": [tool], "tool_choice": {"type": "tool", "name": ANSWER_TOOL}}
        body = await self.http.post_json(
            "/v1/messages", self._body(messages, max_tokens, temperature, **extra)
        )
        try:
            if body.get("type") == "error":
                message = error_message(body) or "the API reported an error"
                raise ProviderError(message, provider=NAME)
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
            raise self._error(exc) from None
        return result

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
            raise self.truncated()

    async def list_models(self) -> list[str]:
        return await self.http.model_ids("/v1/models")

    async def health(self, timeout: float | None = None) -> Health:
        if not self._has_key:
            return Health(False, "no API key (set ANTHROPIC_API_KEY)")
        return await super().health(timeout)

    async def aclose(self) -> None:
        await self.http.aclose()
