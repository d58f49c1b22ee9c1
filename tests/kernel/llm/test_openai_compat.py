"""The OpenAI-compatible provider against a local server replaying the chat completions API."""

from __future__ import annotations

import time

import pytest

from kernel.llm.base import ProviderError, Timeouts
from kernel.llm.openai_compat import TURN_MARKERS, OpenAICompatProvider, normalise_base_url
from tests.kernel.llm.conftest import Reply, json_reply, sse_reply

FAST = Timeouts(connect=1.0, idle=0.5, total=1.0, stream_cap=5.0)
MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]


def completion(content: str, finish: str = "stop") -> dict:
    return {
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1677652288,
        "model": "gemma-3-270m",
        "system_fingerprint": "fp_44709d6fcb",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21},
    }


def chunk(content: str | None = None, finish: str | None = None, role: bool = False) -> dict:
    delta = {"role": "assistant"} if role else {}
    if content is not None:
        delta["content"] = content
    return {
        "id": "chatcmpl-123",
        "object": "chat.completion.chunk",
        "created": 1694268190,
        "model": "gemma-3-270m",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


STREAM = [chunk("", role=True), chunk("Hel"), chunk("lo"), chunk("!"), chunk(finish="stop")]


def provider(server, **kw) -> OpenAICompatProvider:
    kw.setdefault("model", "gemma-3-270m")
    return OpenAICompatProvider(base_url=server.url + "/v1", timeouts=FAST, **kw)


async def collect(stream) -> list[str]:
    return [piece async for piece in stream]


async def test_complete_sends_the_chat_request_and_reads_the_answer(server):
    server.routes[("POST", "/v1/chat/completions")] = json_reply(completion("Hello there"))
    llm = provider(server, api_key="sk-test")
    result = await llm.complete(MSGS, max_tokens=50, temperature=0.2)
    assert (result.text, result.model, result.stop_reason) == (
        "Hello there",
        "gemma-3-270m",
        "stop",
    )
    assert result.usage == {"input_tokens": 9, "output_tokens": 12}
    assert result.data is None
    (_, path, body, headers) = server.log[0]
    assert path == "/v1/chat/completions"
    assert body == {"model": "gemma-3-270m", "messages": MSGS, "max_tokens": 50,
                    "temperature": 0.2, "stop": list(TURN_MARKERS)}  # fmt: skip
    assert headers["authorization"] == "Bearer sk-test"


async def test_a_schema_goes_as_response_format_and_the_json_is_parsed(server):
    schema = {"type": "object", "properties": {"intent": {"enum": ["chat", "action"]}}}
    server.routes[("POST", "/v1/chat/completions")] = json_reply(
        completion('```json\n{"intent": "action"}\n```')
    )
    result = await provider(server).complete(MSGS, schema=schema)
    assert result.data == {"intent": "action"}
    sent = server.bodies("/v1/chat/completions")[0]
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": schema},
    }
    strict = provider(server, strict_schema=True)
    await strict.complete(MSGS, schema=schema)
    assert server.bodies("/v1/chat/completions")[1]["response_format"]["json_schema"]["strict"]


async def test_an_answer_that_is_not_the_json_asked_for_is_bad_output(server):
    server.routes[("POST", "/v1/chat/completions")] = json_reply(completion('{"intent": "act'))
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS, schema={"type": "object"})
    assert info.value.kind == "bad_output"
    assert info.value.text == '{"intent": "act'


async def test_without_a_model_the_first_served_one_is_used(server):
    server.routes[("GET", "/v1/models")] = json_reply(
        {"object": "list", "data": [{"id": "gemma-3-270m-q4", "object": "model"}]}
    )
    server.routes[("POST", "/v1/chat/completions")] = json_reply(completion("ok"))
    llm = OpenAICompatProvider(base_url=server.url, timeouts=FAST)  # bare host: /v1 added
    assert llm.base_url == server.url + "/v1"
    await llm.complete(MSGS)
    assert server.bodies("/v1/chat/completions")[0]["model"] == "gemma-3-270m-q4"
    assert llm.model == "gemma-3-270m-q4"


def test_base_urls_and_the_official_api():
    assert normalise_base_url("http://h:8080/") == "http://h:8080/v1"
    assert normalise_base_url("https://openrouter.ai/api/v1") == "https://openrouter.ai/api/v1"
    official = OpenAICompatProvider()
    assert official.base_url == "https://api.openai.com/v1" and official.model == "gpt-4o-mini"
    body = official._body(MSGS, "gpt-4o-mini", 10, 0.0)
    assert body["max_completion_tokens"] == 10 and "max_tokens" not in body


async def test_stream_yields_tokens_as_they_come(server):
    server.routes[("POST", "/v1/chat/completions")] = sse_reply(STREAM, done=True)
    assert await collect(provider(server).stream(MSGS)) == ["Hel", "lo", "!"]
    assert server.bodies("/v1/chat/completions")[0]["stream"] is True


async def test_a_server_that_ignores_stream_still_answers(server):
    server.routes[("POST", "/v1/chat/completions")] = json_reply(completion("whole"))
    assert await collect(provider(server).stream(MSGS)) == ["whole"]


async def test_a_truncated_stream_is_an_error_after_its_tokens(server):
    server.routes[("POST", "/v1/chat/completions")] = sse_reply(STREAM[:3])
    got = []
    with pytest.raises(ProviderError) as info:
        async for piece in provider(server).stream(MSGS):
            got.append(piece)
    assert got == ["Hel", "lo"]
    assert info.value.kind == "truncated"


@pytest.mark.parametrize("garbage", ["{not json", '["a list"]', '{"choices": 5}'])
async def test_a_garbage_stream_is_malformed(server, garbage):
    server.routes[("POST", "/v1/chat/completions")] = sse_reply([chunk("a"), garbage], done=True)
    with pytest.raises(ProviderError) as info:
        await collect(provider(server).stream(MSGS))
    assert info.value.kind == "malformed"
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)


async def test_an_error_chunk_mid_stream(server):
    err = {"error": {"message": "context size exceeded", "type": "server_error"}}
    server.routes[("POST", "/v1/chat/completions")] = sse_reply([chunk("a"), err])
    with pytest.raises(ProviderError, match="context size exceeded"):
        await collect(provider(server).stream(MSGS))


@pytest.mark.parametrize("streaming", [False, True])
async def test_a_500_is_one_short_error(server, streaming):
    server.routes[("POST", "/v1/chat/completions")] = json_reply(
        {"error": {"message": "Internal server error", "type": "server_error", "code": 500}}, 500
    )
    with pytest.raises(ProviderError) as info:
        if streaming:
            await collect(provider(server).stream(MSGS))
        else:
            await provider(server).complete(MSGS)
    assert (info.value.kind, info.value.status) == ("http", 500)
    assert str(info.value) == f"openai: {server.url[7:]} answered HTTP 500: Internal server error"


async def test_a_refused_key_says_so(server):
    server.routes[("POST", "/v1/chat/completions")] = json_reply(
        {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}, 401
    )
    with pytest.raises(ProviderError, match="refused the API key") as info:
        await provider(server, api_key="bad").complete(MSGS)
    assert info.value.kind == "auth"


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, ["<html>not json</html>"]),
        json_reply({"choices": []}),
        json_reply({"unexpected": True}),
    ],
)
async def test_a_malformed_answer_is_one_error(server, reply):
    server.routes[("POST", "/v1/chat/completions")] = reply
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS)
    assert info.value.kind == "malformed"


async def test_a_body_cut_short_is_truncated(server):
    server.routes[("POST", "/v1/chat/completions")] = Reply(200, ['{"choices": ['], declared=500)
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS)
    assert info.value.kind == "truncated"


@pytest.mark.parametrize("streaming", [False, True])
async def test_a_hanging_server_times_out_within_the_budget(server, streaming):
    server.routes[("POST", "/v1/chat/completions")] = Reply(hang=True)
    llm = OpenAICompatProvider("m", server.url, timeouts=Timeouts(1.0, idle=5.0, total=0.6))
    started = time.monotonic()
    with pytest.raises(ProviderError) as info:
        if streaming:
            await collect(llm.stream(MSGS))
        else:
            await llm.complete(MSGS)
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 2.0


async def test_a_stream_that_stalls_mid_way_times_out(server):
    server.routes[("POST", "/v1/chat/completions")] = sse_reply([chunk("a"), chunk("b")], delay=2)
    llm = provider(server)
    started = time.monotonic()
    with pytest.raises(ProviderError) as info:
        await collect(llm.stream(MSGS))
    assert info.value.kind == "timeout" and time.monotonic() - started < 1.8


async def test_a_server_that_is_down_is_unreachable(dead_url):
    llm = OpenAICompatProvider("m", dead_url, timeouts=FAST)
    with pytest.raises(ProviderError, match="cannot reach") as info:
        await llm.complete(MSGS)
    assert info.value.kind == "unreachable"
    with pytest.raises(ProviderError, match="cannot reach"):
        await collect(llm.stream(MSGS))
    health = await llm.health()
    assert not health.ok and "cannot reach" in health.detail


async def test_health_lists_the_served_models(server):
    server.routes[("GET", "/v1/models")] = json_reply({"data": [{"id": "gemma-3-270m"}]})
    health = await provider(server).health()
    assert health.ok and health.models == ("gemma-3-270m",)
    assert not (await provider(server, model="other").health()).ok


async def test_bad_messages_are_the_callers_bug(server):
    with pytest.raises(ValueError, match="role"):
        await provider(server).complete([{"role": "robot", "content": "x"}])
    with pytest.raises(ValueError):
        provider(server).stream([])
    assert server.log == []
