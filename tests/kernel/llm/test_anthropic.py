"""The Anthropic provider against a local server replaying the Messages API (JSON and SSE)."""

from __future__ import annotations

import time

import pytest

from kernel.llm.anthropic import AnthropicProvider
from kernel.llm.base import ProviderError, Timeouts
from tests.kernel.llm.conftest import Reply, json_reply, named_sse_reply

FAST = Timeouts(connect=1.0, idle=0.5, total=1.0, stream_cap=5.0)
MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]
MODEL = "claude-haiku-4-5"


def message(content: list[dict], stop: str = "end_turn") -> dict:
    return {
        "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 2095, "output_tokens": 503},
    }


EVENTS = [
    ("message_start", {"type": "message_start", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": MODEL,
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 25, "output_tokens": 1}}}),
    ("content_block_start", {"type": "content_block_start", "index": 0,
                             "content_block": {"type": "text", "text": ""}}),
    ("ping", {"type": "ping"}),
    ("content_block_delta", {"type": "content_block_delta", "index": 0,
                             "delta": {"type": "text_delta", "text": "Hello"}}),
    ("content_block_delta", {"type": "content_block_delta", "index": 0,
                             "delta": {"type": "text_delta", "text": "!"}}),
    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    ("message_delta", {"type": "message_delta",
                       "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                       "usage": {"output_tokens": 15}}),
    ("message_stop", {"type": "message_stop"}),
]  # fmt: skip


def provider(server, **kw) -> AnthropicProvider:
    kw.setdefault("api_key", "sk-ant-test")
    return AnthropicProvider(MODEL, server.url, timeouts=FAST, **kw)


async def collect(stream) -> list[str]:
    return [piece async for piece in stream]


async def test_complete_sends_a_messages_request(server):
    server.routes[("POST", "/v1/messages")] = json_reply(
        message([{"type": "text", "text": "Hi! "}, {"type": "text", "text": "I am Claude."}])
    )
    result = await provider(server).complete(MSGS, max_tokens=64, temperature=0.5)
    assert (result.text, result.model, result.stop_reason) == (
        "Hi! I am Claude.",
        MODEL,
        "end_turn",
    )
    assert result.usage == {"input_tokens": 2095, "output_tokens": 503}
    _, path, body, headers = server.log[0]
    assert path == "/v1/messages"
    assert body == {"model": MODEL, "max_tokens": 64, "temperature": 0.5, "system": "Be brief.",
                    "messages": [{"role": "user", "content": "hi"}]}  # fmt: skip
    assert headers["x-api-key"] == "sk-ant-test"
    assert headers["anthropic-version"] == "2023-06-01"


async def test_a_schema_is_asked_for_as_a_forced_tool(server):
    schema = {"type": "object", "properties": {"intent": {"type": "string"}}}
    server.routes[("POST", "/v1/messages")] = json_reply(
        message(
            [{"type": "tool_use", "id": "toolu_01", "name": "answer", "input": {"intent": "chat"}}],
            stop="tool_use",
        )  # fmt: skip
    )
    result = await provider(server).complete(MSGS, schema=schema)
    assert result.data == {"intent": "chat"} and result.text == '{"intent": "chat"}'
    sent = server.bodies("/v1/messages")[0]
    assert sent["tools"][0]["input_schema"] == schema
    assert sent["tool_choice"] == {"type": "tool", "name": "answer"}


async def test_a_non_object_schema_is_wrapped_and_unwrapped(server):
    server.routes[("POST", "/v1/messages")] = json_reply(
        message([{"type": "tool_use", "id": "t", "name": "answer", "input": {"value": [1, 2]}}])
    )
    result = await provider(server).complete(MSGS, schema={"type": "array"})
    assert result.data == [1, 2]
    sent = server.bodies("/v1/messages")[0]["tools"][0]["input_schema"]
    assert sent["properties"]["value"] == {"type": "array"}


async def test_no_tool_call_when_a_schema_was_asked_is_bad_output(server):
    server.routes[("POST", "/v1/messages")] = json_reply(message([{"type": "text", "text": "no"}]))
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS, schema={"type": "object"})
    assert info.value.kind == "bad_output" and info.value.text == "no"


async def test_stream_yields_the_text_deltas(server):
    server.routes[("POST", "/v1/messages")] = named_sse_reply(EVENTS)
    assert await collect(provider(server).stream(MSGS)) == ["Hello", "!"]
    assert server.bodies("/v1/messages")[0]["stream"] is True


async def test_a_stream_without_message_stop_is_truncated(server):
    server.routes[("POST", "/v1/messages")] = named_sse_reply(EVENTS[:5])
    got = []
    with pytest.raises(ProviderError) as info:
        async for piece in provider(server).stream(MSGS):
            got.append(piece)
    assert got == ["Hello", "!"] and info.value.kind == "truncated"


async def test_an_error_event_mid_stream(server):
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    server.routes[("POST", "/v1/messages")] = named_sse_reply([*EVENTS[:4], ("error", error)])
    with pytest.raises(ProviderError, match="Overloaded"):
        await collect(provider(server).stream(MSGS))


async def test_garbage_in_the_stream_is_malformed(server):
    server.routes[("POST", "/v1/messages")] = Reply(
        200, ["event: content_block_delta\ndata: {oops\n\n"], "text/event-stream"
    )
    with pytest.raises(ProviderError) as info:
        await collect(provider(server).stream(MSGS))
    assert info.value.kind == "malformed"


@pytest.mark.parametrize(
    ("status", "kind", "text"),
    [
        (500, "http", "answered HTTP 500: Internal server error"),
        (529, "http", "answered HTTP 529: Overloaded"),
        (401, "auth", "refused the API key: invalid x-api-key"),
    ],
)
async def test_error_statuses(server, status, kind, text):
    message_ = {500: "Internal server error", 529: "Overloaded", 401: "invalid x-api-key"}[status]
    server.routes[("POST", "/v1/messages")] = json_reply(
        {"type": "error", "error": {"type": "api_error", "message": message_}}, status
    )
    for call in (provider(server).complete(MSGS), collect(provider(server).stream(MSGS))):
        with pytest.raises(ProviderError) as info:
            await call
        assert info.value.kind == kind and str(info.value).endswith(text)


async def test_a_malformed_body_is_one_error(server):
    server.routes[("POST", "/v1/messages")] = json_reply({"type": "message", "content": "x"})
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS)
    assert info.value.kind == "malformed"


async def test_hang_and_down_are_bounded(server, dead_url):
    server.routes[("POST", "/v1/messages")] = Reply(hang=True)
    started = time.monotonic()
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS)
    assert info.value.kind == "timeout" and time.monotonic() - started < 2.0
    with pytest.raises(ProviderError) as info:
        await collect(provider(server).stream(MSGS))
    assert info.value.kind == "timeout" and time.monotonic() - started < 4.0
    down = AnthropicProvider(MODEL, dead_url, "k", timeouts=FAST)
    with pytest.raises(ProviderError) as info:
        await down.complete(MSGS)
    assert info.value.kind == "unreachable"


async def test_health(server):
    assert not (await AnthropicProvider(MODEL, server.url).health()).ok  # no key
    server.routes[("GET", "/v1/models")] = json_reply(
        {"data": [{"type": "model", "id": MODEL, "display_name": "Claude Haiku 4.5"}]}
    )
    health = await provider(server).health()
    assert health.ok and health.models == (MODEL,)
    server.routes[("GET", "/v1/models")] = json_reply({"error": {"message": "bad key"}}, 401)
    assert not (await provider(server).health()).ok
