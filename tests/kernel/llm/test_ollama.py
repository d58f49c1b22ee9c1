"""The Ollama provider (through the `ollama` client) against a local server replaying the Ollama
API's documented responses: /api/chat (JSON and NDJSON streams) and /api/tags."""

from __future__ import annotations

import time

import pytest

from kernel.llm.base import ProviderError, Timeouts
from kernel.llm.ollama import OllamaProvider, same_model
from tests.kernel.llm.conftest import Reply, json_reply, ndjson_reply

FAST = Timeouts(connect=1.0, idle=0.5, total=1.0, stream_cap=5.0)
MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]
AT = "2023-12-12T14:13:43.416799Z"


def chat(content: str, done: bool = True) -> dict:
    body = {"model": "llama3.2", "created_at": AT,
            "message": {"role": "assistant", "content": content}, "done": done}  # fmt: skip
    if done:
        body |= {"done_reason": "stop", "total_duration": 5191566416, "load_duration": 2154458,
                 "prompt_eval_count": 26, "prompt_eval_duration": 383809000,
                 "eval_count": 298, "eval_duration": 4799921000}  # fmt: skip
    return body


TAGS = {
    "models": [
        {
            "name": "llama3.2:latest",
            "model": "llama3.2:latest",
            "modified_at": "2024-10-01T10:00:00.000000Z",
            "size": 2019393189,
            "digest": "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            "details": {
                "parent_model": "",
                "format": "gguf",
                "family": "llama",
                "families": ["llama"],
                "parameter_size": "3.2B",
                "quantization_level": "Q4_K_M",
            },  # fmt: skip
        }
    ]
}
STREAM = [chat("The", False), chat(" sky", False), chat(" is blue.", False), chat("")]


def provider(server, model: str = "llama3.2") -> OllamaProvider:
    return OllamaProvider(model, server.url, timeouts=FAST)


async def collect(stream) -> list[str]:
    return [piece async for piece in stream]


def test_same_model_reads_the_latest_tag():
    assert same_model("llama3.2", "llama3.2:latest")
    assert not same_model("llama3.2", "llama3.2:1b")


async def test_complete_posts_to_api_chat(server):
    server.routes[("POST", "/api/chat")] = json_reply(chat("Hello! How are you today?"))
    result = await provider(server).complete(MSGS, max_tokens=40, temperature=0.3)
    assert (result.text, result.model, result.stop_reason) == (
        "Hello! How are you today?", "llama3.2", "stop")  # fmt: skip
    assert result.usage == {"input_tokens": 26, "output_tokens": 298}
    body = server.bodies("/api/chat")[0]
    assert body["model"] == "llama3.2" and body["messages"] == MSGS and body["stream"] is False
    assert body["options"] == {"temperature": 0.3, "num_predict": 40}


async def test_a_schema_goes_as_format(server):
    schema = {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}
    server.routes[("POST", "/api/chat")] = json_reply(chat('{"age": 22}'))
    result = await provider(server).complete(MSGS, schema=schema)
    assert result.data == {"age": 22}
    assert server.bodies("/api/chat")[0]["format"] == schema
    server.routes[("POST", "/api/chat")] = json_reply(chat("twenty-two"))
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS, schema=schema)
    assert info.value.kind == "bad_output" and info.value.text == "twenty-two"


async def test_without_a_model_the_first_pulled_one_is_used(server):
    server.routes[("GET", "/api/tags")] = json_reply(TAGS)
    server.routes[("POST", "/api/chat")] = json_reply(chat("ok"))
    llm = provider(server, model="")
    await llm.complete(MSGS)
    assert llm.model == "llama3.2:latest"
    assert server.bodies("/api/chat")[0]["model"] == "llama3.2:latest"
    server.routes[("GET", "/api/tags")] = json_reply({"models": []})
    with pytest.raises(ProviderError, match="ollama pull"):
        await provider(server, model="").complete(MSGS)


async def test_stream_yields_the_ndjson_parts(server):
    server.routes[("POST", "/api/chat")] = ndjson_reply(STREAM)
    assert await collect(provider(server).stream(MSGS)) == ["The", " sky", " is blue."]
    assert server.bodies("/api/chat")[0]["stream"] is True


async def test_a_stream_without_done_is_truncated(server):
    server.routes[("POST", "/api/chat")] = ndjson_reply(STREAM[:2])
    with pytest.raises(ProviderError) as info:
        await collect(provider(server).stream(MSGS))
    assert info.value.kind == "truncated"


@pytest.mark.parametrize("garbage", ["{not json", '{"message": 5, "done": false}'])
async def test_a_garbage_stream_is_malformed(server, garbage):
    server.routes[("POST", "/api/chat")] = ndjson_reply([STREAM[0], garbage, STREAM[-1]])
    with pytest.raises(ProviderError) as info:
        await collect(provider(server).stream(MSGS))
    assert info.value.kind == "malformed"


async def test_an_error_line_mid_stream(server):
    server.routes[("POST", "/api/chat")] = ndjson_reply([STREAM[0], {"error": "out of memory"}])
    with pytest.raises(ProviderError, match="out of memory"):
        await collect(provider(server).stream(MSGS))


@pytest.mark.parametrize(
    ("status", "error", "text"),
    [
        (500, "llama runner process has terminated", "answered HTTP 500: llama runner"),
        (404, "model 'nope' not found", "answered HTTP 404: model 'nope' not found"),
    ],
)
async def test_error_statuses(server, status, error, text):
    server.routes[("POST", "/api/chat")] = json_reply({"error": error}, status)
    for call in (provider(server).complete(MSGS), collect(provider(server).stream(MSGS))):
        with pytest.raises(ProviderError) as info:
            await call
        assert info.value.kind == "http" and info.value.status == status
        assert text in str(info.value)


async def test_a_malformed_body_is_one_error(server):
    server.routes[("POST", "/api/chat")] = Reply(200, ["not json at all"])
    with pytest.raises(ProviderError) as info:
        await provider(server).complete(MSGS)
    assert info.value.kind == "malformed"


async def test_hang_and_down_are_bounded(server, dead_url):
    server.routes[("POST", "/api/chat")] = Reply(hang=True)
    for call in (provider(server).complete(MSGS), collect(provider(server).stream(MSGS))):
        started = time.monotonic()
        with pytest.raises(ProviderError) as info:
            await call
        assert info.value.kind == "timeout" and time.monotonic() - started < 2.0
    down = OllamaProvider("llama3.2", dead_url, timeouts=FAST)
    with pytest.raises(ProviderError, match="cannot reach") as info:
        await down.complete(MSGS)
    assert info.value.kind == "unreachable"


async def test_health_reads_api_tags(server, dead_url):
    server.routes[("GET", "/api/tags")] = json_reply(TAGS)
    health = await provider(server).health()
    assert health.ok and health.models == ("llama3.2:latest",)
    missing = await provider(server, model="qwen3").health()
    assert not missing.ok and "ollama pull qwen3" in missing.detail
    assert not (await OllamaProvider("x", dead_url).health(0.5)).ok
