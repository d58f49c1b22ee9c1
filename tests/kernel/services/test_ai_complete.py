"""`ctx.ai.complete` end to end: an extension in a worker, the real kernel, the OpenAI-compatible
provider against a local HTTP server replaying chat-completions answers; usage rows recorded."""

from __future__ import annotations

import json
import socket

import pytest

from imperal_tui import cli
from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.llm.base import Timeouts
from kernel.llm.offline import OfflineProvider
from kernel.llm.openai_compat import OpenAICompatProvider
from kernel.llm.usage import totals
from kernel.services.ai import MAX_PROMPT_CHARS, MAX_TOKENS
from tests.kernel.fault_support import call, finished
from tests.kernel.llm.conftest import FakeServer, Reply, json_reply

WRITER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("writer", version="1.0.0", display_name="Writer")
chat = ChatExtension(ext, "writer", "Writes with the model")

class Ask(BaseModel):
    prompt: str = "Say hi"
    model: str = ""
    options: dict = {}
    catch: bool = False

@chat.function("ask", action_type="read", description="Ask the configured LLM.")
async def ask(ctx, params: Ask) -> ActionResult:
    try:
        r = await ctx.ai.complete(params.prompt, params.model, **params.options)
    except Exception as exc:
        if not params.catch:
            raise
        return ActionResult.success({"error": type(exc).__name__, "message": str(exc),
                                     "status_code": getattr(exc, "status_code", None),
                                     "code": getattr(exc, "code", None)}, summary="caught")
    return ActionResult.success({"text": r.text, "model": r.model, "usage": r.usage,
                                 "stop_reason": r.stop_reason}, summary="asked")
"""

CHAT = "/v1/chat/completions"


def chat_answer(text="Hello there.", prompt_tokens=12, completion_tokens=5):
    return json_reply({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "tiny-1",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })  # fmt: skip


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


@pytest.fixture
async def kernel(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_LLM", "offline")  # no probing; each test sets its model
    write_extension("writer", WRITER)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


@pytest.fixture
async def provider(kernel, server):
    p = OpenAICompatProvider("tiny-1", server.url, timeouts=Timeouts(total=30.0))
    kernel.services.set_llm(p)
    yield p
    await p.aclose()


async def ask(kernel, user="alice", **args):
    return finished(await call(kernel, "writer", "ask", args, user=user))


async def test_an_extension_gets_the_text_and_the_tokens_are_recorded(kernel, server, provider):
    server.routes[("POST", CHAT)] = chat_answer()
    done = await ask(kernel, prompt="Summarize my day")
    assert done.ok, done.error
    assert done.data == {"text": "Hello there.", "model": "tiny-1", "stop_reason": "stop",
                         "usage": {"input_tokens": 12, "output_tokens": 5}}  # fmt: skip
    (body,) = server.bodies(CHAT)
    assert body["messages"] == [{"role": "user", "content": "Summarize my day"}]
    assert body["model"] == "tiny-1" and body["max_tokens"] == 1024

    await ask(kernel, user="bob", prompt="Another")
    (alice,) = await totals(kernel.db, user_id="alice")
    assert (alice["app_id"], alice["calls"], alice["input_tokens"], alice["output_tokens"]) == (
        "writer", 1, 12, 5,
    )  # fmt: skip
    assert [(t["user_id"], t["app_id"]) for t in await totals(kernel.db)] == [
        ("alice", "writer"),
        ("bob", "writer"),
    ]
    async with kernel.db.read() as conn, conn.execute("SELECT * FROM llm_usage") as cur:
        row = dict((await cur.fetchall())[0])
    assert (row["purpose"], row["provider"], row["model"]) == ("ctx.ai", "openai", "tiny-1")


async def test_system_max_tokens_temperature_and_history_reach_the_model(kernel, server, provider):
    server.routes[("POST", CHAT)] = chat_answer("ok")
    history = [{"role": "user", "content": "earlier"}, {"role": "assistant", "content": "reply"}]
    options = {"system": "Be brief.", "max_tokens": 64, "temperature": 0.7, "messages": history,
               "tools": ["ignored"]}  # fmt: skip
    # a hosted model name is ignored: the configured model answers
    done = await ask(kernel, prompt="Now this", model="claude-sonnet-4-6", options=options)
    assert done.ok, done.error
    (body,) = server.bodies(CHAT)
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        *history,
        {"role": "user", "content": "Now this"},
    ]
    assert (body["model"], body["max_tokens"], body["temperature"]) == ("tiny-1", 64, 0.7)
    assert "tools" not in body

    await ask(kernel, options={"system_prompt": "S", "max_tokens": 10**6})
    body = server.bodies(CHAT)[-1]
    assert body["messages"][0] == {"role": "system", "content": "S"}
    assert body["max_tokens"] == MAX_TOKENS


@pytest.mark.parametrize(
    "args, error, said",
    [
        ({"prompt": "x" * (MAX_PROMPT_CHARS + 1)}, "ValueError", "the limit is 200,000"),
        ({"prompt": ""}, "ValueError", "the prompt is empty"),
        ({"options": {"max_tokens": 0}}, "ValueError", "max_tokens must be at least 1"),
        ({"options": {"max_tokens": "many"}}, "TypeError", "max_tokens must be an int"),
        ({"options": {"temperature": 5}}, "ValueError", "temperature must be from 0 to 2"),
        ({"options": {"system": ["a"]}}, "TypeError", "system must be a str"),
        (
            {"options": {"messages": [{"role": "robot", "content": "x"}]}},
            "ValueError",
            "messages[0] needs a role",
        ),
    ],  # fmt: skip
)
async def test_bad_requests_are_refused_before_the_model_is_asked(
    kernel, server, provider, args, error, said
):
    done = await ask(kernel, catch=True, **args)
    assert done.data["error"] == error
    assert said in done.data["message"]
    assert server.bodies(CHAT) == []
    assert await totals(kernel.db) == []


@pytest.mark.parametrize("llm", [None, OfflineProvider("Ollama at 127.0.0.1:11434: not running")])
async def test_no_model_is_llm_unavailable(kernel, llm):
    kernel.services.set_llm(llm)
    events = await call(kernel, "writer", "ask", {})
    done = finished(events)
    assert not done.ok
    assert "LLMUnavailable" in done.error and "[llm] provider" in done.error
    (error,) = [e for e in events if isinstance(e, ev.Error)]
    assert error.code == ev.NO_LLM
    caught = (await ask(kernel, catch=True)).data
    assert (caught["error"], caught["code"]) == ("LLMUnavailable", "llm_unavailable")
    assert await totals(kernel.db) == []


async def test_an_unreachable_server_is_llm_unavailable_naming_it(kernel):
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    dead = OpenAICompatProvider("tiny-1", dead_url)
    kernel.services.set_llm(dead)
    caught = (await ask(kernel, catch=True)).data
    await dead.aclose()
    assert caught["error"] == "LLMUnavailable"
    assert "openai LLM provider is unreachable" in caught["message"]
    assert dead_url.removeprefix("http://") in caught["message"]
    assert "base_url" in caught["message"]


async def test_a_refused_api_key_is_llm_unavailable(kernel, server, provider):
    server.routes[("POST", CHAT)] = json_reply({"error": {"message": "bad key"}}, 401)
    caught = (await ask(kernel, catch=True)).data
    assert caught["error"] == "LLMUnavailable"
    assert "refused its API key" in caught["message"] and "OPENAI_API_KEY" in caught["message"]


TRACEBACK = (
    "Internal error: Traceback (most recent call last):\n"
    '  File "/srv/app.py", line 12, in generate\n'
    "    raise RuntimeError('boom')\nRuntimeError: boom\n"
)


async def test_a_server_error_is_a_catchable_api_error_without_traceback(kernel, server, provider):
    server.routes[("POST", CHAT)] = Reply(500, [TRACEBACK], "text/plain")
    caught = (await ask(kernel, catch=True)).data
    assert (caught["error"], caught["status_code"], caught["code"]) == ("APIError", 500, "llm_http")
    assert "the openai LLM provider failed" in caught["message"]
    assert "answered HTTP 500: Internal error" in caught["message"]
    assert "Traceback" not in caught["message"] and "\n" not in caught["message"]

    done = await ask(kernel)  # not caught: the call fails with that one line
    assert not done.ok
    assert "APIError" in done.error and "HTTP 500" in done.error
    assert "Traceback" not in done.error
    assert await totals(kernel.db) == []


async def test_a_malformed_answer_is_an_api_error(kernel, server, provider):
    server.routes[("POST", CHAT)] = json_reply({"choices": "nope"})
    caught = (await ask(kernel, catch=True)).data
    assert (caught["error"], caught["status_code"], caught["code"]) == (
        "APIError", 502, "llm_malformed",
    )  # fmt: skip
    assert "not the expected JSON" in caught["message"]


def test_imperal_shell_call_exits_5_without_a_model(tmp_path, monkeypatch, capsys):
    for name in ("IMPERAL_SHELL_CONFIRM", "IMPERAL_SHELL_DENY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    monkeypatch.setenv("IMPERAL_SHELL_LLM", "offline")
    folder = tmp_path / "extensions" / "writer"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(WRITER)
    assert cli.main(["call", "writer.ask", "--json"]) == 5
    captured = capsys.readouterr()
    step = json.loads(captured.out)["steps"][0]
    assert step["status"] == "error" and "LLMUnavailable" in step["error"]
    assert "Traceback" not in captured.err and "LLM" in captured.err
