"""sdk.runtime: template references, message adapter, LLM entry point, engines, fallbacks."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from sdk import llm
from sdk.errors import NotAvailableInShell
from sdk.runtime import _platform, canon, interpreter, local_engine, verbs
from sdk.runtime.hosted_client import HostedClient
from sdk.runtime.llm_provider import LLMConfig, LLMUsage, get_llm_provider, is_air_gapped
from sdk.runtime.message_adapter import MessageAdapter
from sdk.runtime.template import MISSING, resolve_path, resolve_value
from sdk.types.models import CompletionResult

CTX = {"params": {"x": 1, "name": "bob", "l": [1, 2]}, "n": None}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{{params.x}}", 1),
        ("{{ params.l }}", [1, 2]),
        ("hi {{params.name}}!", "hi bob!"),
        ("{{params.l.1}}", 2),
        ("{{nope.x}}", ""),
        ("a {{nope}} b", "a  b"),
        ("{{n}}", None),
        ("{{params.l.-1}}", "{{params.l.-1}}"),
        ({"k": ["{{params.name}}"]}, {"k": ["bob"]}),
        (("{{params.x}}",), ("{{params.x}}",)),
        (5, 5),
    ],
)
def test_resolve_value(value, expected):
    assert resolve_value(value, CTX) == expected


def test_resolve_path_missing_is_a_sentinel():
    assert resolve_path(CTX, "params.name") == "bob"
    assert resolve_path(CTX, "params.zz") is MISSING
    assert resolve_path(CTX, "") is MISSING


def test_message_adapter_to_openai_shapes():
    messages = [
        {"role": "user", "content": "hi"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {"x": 1}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "r"}]},
    ]
    assert MessageAdapter.to_openai_messages(messages, system="S") == [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "hi"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "t1", "type": "function", "function": {"name": "f", "arguments": '{"x": 1}'}}
            ],
        },
        {"role": "tool", "tool_call_id": "t1", "content": "r"},
    ]
    assert MessageAdapter.to_openai_tools([{"name": "f"}]) == [
        {"type": "function", "function": {"name": "f", "description": "", "parameters": {}}}
    ]
    choice = MessageAdapter.to_openai_tool_choice
    assert choice(None) is None and choice({"type": "any"}) == "required"
    assert choice({"type": "tool", "name": "f"}) == {"type": "function", "function": {"name": "f"}}
    # the older helpers of sdk.llm are still there
    assert MessageAdapter.to_anthropic([{"role": "system", "content": "S"}])[0] == "S"


def test_message_adapter_from_openai_response():
    call = NS(id="c1", function=NS(name="f", arguments='{"a": 2}'))
    resp = NS(
        choices=[NS(message=NS(content="hello", tool_calls=[call]), finish_reason="tool_calls")],
        usage=NS(prompt_tokens=3, completion_tokens=4),
    )
    out = MessageAdapter.from_openai_response(resp, "m")
    assert out.stop_reason == "tool_use" and out.model == "m"
    assert [(b.type, b.text, b.name, b.input) for b in out.content] == [
        ("text", "hello", "", {}),
        ("tool_use", "", "f", {"a": 2}),
    ]
    assert (out.usage.input_tokens, out.usage.output_tokens) == (3, 4)


def test_llm_config_kwargs_and_client_key():
    cfg = LLMConfig(
        "anthropic",
        "claude",
        api_key="k",
        base_url="http://b",
        temperature=0.3,
        max_tokens=5,
        presence_penalty=0.1,
        stop_sequences=["x"],
    )
    assert cfg.api_kwargs() == {"temperature": 0.3, "max_tokens": 5, "stop_sequences": ["x"]}
    assert cfg.client_key.startswith("anthropic:http://b:") and "sk-secret" not in repr(cfg)
    assert LLMConfig("openai", "o1-mini", temperature=0.2, max_tokens=9).api_kwargs() == {
        "max_tokens": 9
    }
    assert LLMConfig("openai", "gpt").client_key.startswith("openai:default:")
    assert LLMUsage("p", "m").latency_ms == 0


async def test_llm_provider_uses_the_registered_backend(monkeypatch):
    provider = get_llm_provider()
    assert provider is get_llm_provider()
    provider.reset_call_log()
    with pytest.raises(LookupError, match="no LLM provider"):
        await provider.create_message([{"role": "user", "content": "hi"}])

    class Echo:
        async def complete(self, prompt, model="", **kw):
            return CompletionResult(text=prompt.upper(), model=model or "echo")

    monkeypatch.setattr(llm, "_factory", lambda cfg: Echo())
    out = await provider.create_message([{"role": "user", "content": "hi"}], system="sys")
    assert out.content[0].text == "SYS\n\nHI" and out.stop_reason == "end_turn"
    assert [u.model for u in provider.get_call_log()] == ["echo"]
    assert provider.get_available_providers()
    with pytest.raises(NotAvailableInShell, match="tools=.*not available in imperal-shell"):
        await provider.create_message([], tools=[{"name": "f"}])
    provider.reset_call_log()
    assert provider.get_call_log() == []


def test_air_gapped_follows_the_environment(monkeypatch):
    monkeypatch.delenv("IMPERAL_AIR_GAPPED", raising=False)
    assert is_air_gapped() is False
    monkeypatch.setenv("IMPERAL_AIR_GAPPED", "1")
    assert is_air_gapped() is True


async def test_hosted_client_awaits_its_dispatch():
    seen = []

    async def dispatch(fn, params):
        seen.append((fn, params))
        return {"ok": 1}

    assert await HostedClient(dispatch).run_function("f", {"a": 1}, ctx=object()) == {"ok": 1}
    assert seen == [("f", {"a": 1})]
    with pytest.raises(TypeError):
        HostedClient(None)


async def test_no_platform_fallbacks():
    assert _platform.PLATFORM_RUNTIME_AVAILABLE is False
    verdict = _platform.check_target_scope(target_user_id="u2")
    assert verdict["allowed"] is False and verdict["verdict"] == "no_platform_fallback"
    kw = dict(event_type="e", data={}, source_app="a", user_id="u", tenant_id="t")
    assert await _platform.publish_event_fallback(**kw) is None
    assert (
        await _platform.record_action_via_chokepoint(
            app_id="a", event_type="e", data={}, kctx_dict={}
        )
        is False
    )


def test_make_directive():
    assert verbs.make_directive("navigate", {"url": "/x"}) == {"action": "navigate", "url": "/x"}
    with pytest.raises(ValueError):
        verbs.make_directive("", {})


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("runtime.verbs.eval_conditional", lambda: verbs.eval_conditional({}, {})),
        ("runtime.verbs.run_ai", lambda: verbs.run_ai({}, None)),
        ("runtime.verbs.run_call", lambda: verbs.run_call({}, None, "a")),
        ("runtime.verbs.run_store", lambda: verbs.run_store("get", {}, None)),
        ("runtime.interpreter.run_steps", lambda: interpreter.run_steps([], {})),
        (
            "LocalDevEngine.run_function",
            lambda: local_engine.LocalDevEngine().run_function(None, {}, None),
        ),
        ("runtime.canon.project_canon", lambda: canon.project_canon({}, {})),
    ],
)
async def test_declarative_runtime_is_platform_only(name, call):
    with pytest.raises(NotAvailableInShell, match=f"{name} is not available in imperal-shell: "):
        result = call()
        if hasattr(result, "__await__"):
            await result
