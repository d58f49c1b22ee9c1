"""Choosing the provider: overrides, environment, config.toml, then Ollama if it answers, then
API keys, then offline. Plus the offline provider itself and the package's import cost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernel.config import ConfigError, KernelConfig
from kernel.llm import ProviderError, select_provider
from kernel.llm.offline import OfflineProvider
from tests.kernel.llm.conftest import Reply, json_reply

TAGS = {"models": [{"name": "qwen3:0.6b", "model": "qwen3:0.6b", "size": 1, "digest": "d",
                    "modified_at": "2025-01-01T00:00:00Z", "details": {}}]}  # fmt: skip
MSGS = [{"role": "user", "content": "hi"}]


async def test_nothing_set_and_no_ollama_is_offline_with_the_reason(dead_url):
    llm = await select_provider(env={"OLLAMA_HOST": dead_url}, settings={})
    assert llm.name == "offline"
    assert dead_url in llm.reason and "cannot reach" in llm.reason
    with pytest.raises(ProviderError) as info:
        await llm.complete(MSGS)
    assert info.value.kind == "unavailable" and "no language model is configured" in str(info.value)
    with pytest.raises(ProviderError):
        [x async for x in llm.stream(MSGS)]
    assert not (await llm.health()).ok


async def test_a_reachable_ollama_is_the_default(server):
    server.routes[("GET", "/api/tags")] = json_reply(TAGS)
    llm = await select_provider(env={"OLLAMA_HOST": server.url}, settings={})
    assert (llm.name, llm.model, llm.base_url) == ("ollama", "qwen3:0.6b", server.url)
    assert server.url in llm.source
    with_model = await select_provider(
        env={"OLLAMA_HOST": server.url, "IMPERAL_SHELL_LLM_MODEL": "qwen3:0.6b"}, settings={}
    )
    assert with_model.model == "qwen3:0.6b"
    from_config = await select_provider(env={"OLLAMA_HOST": server.url}, settings={"model": "q"})
    assert from_config.name == "offline" and "ollama pull q" in from_config.reason


async def test_an_ollama_without_models_is_passed_over(server):
    server.routes[("GET", "/api/tags")] = json_reply({"models": []})
    llm = await select_provider(env={"OLLAMA_HOST": server.url}, settings={})
    assert llm.name == "offline" and "ollama pull" in llm.reason


async def test_a_hanging_ollama_probe_is_bounded(server):
    server.routes[("GET", "/api/tags")] = Reply(hang=True)
    started = time.monotonic()
    llm = await select_provider(env={"OLLAMA_HOST": server.url}, settings={}, probe_timeout=0.3)
    assert llm.name == "offline" and time.monotonic() - started < 1.5


async def test_openai_base_url_wins_without_probing(server):
    env = {"OPENAI_BASE_URL": server.url + "/v1", "OPENAI_API_KEY": "sk-x"}
    llm = await select_provider(env=env, settings={})
    assert (llm.name, llm.base_url) == ("openai", server.url + "/v1")
    assert "OPENAI_BASE_URL" in llm.source and server.log == []
    assert llm.http.headers["authorization"] == "Bearer sk-x"


async def test_api_keys_after_ollama_and_never_when_air_gapped(dead_url):
    env = {"OLLAMA_HOST": dead_url, "ANTHROPIC_API_KEY": "a", "OPENAI_API_KEY": "o"}
    assert (await select_provider(env=env, settings={})).name == "anthropic"
    del env["ANTHROPIC_API_KEY"]
    openai = await select_provider(env=env, settings={})
    assert (openai.name, openai.base_url) == ("openai", "https://api.openai.com/v1")
    assert (await select_provider(env={**env, "IMPERAL_AIR_GAPPED": "1"}, settings={})).name == (
        "offline"
    )
    stored = await select_provider(
        env={"OLLAMA_HOST": dead_url}, settings={}, keys={"ANTHROPIC_API_KEY": "from-secrets"}
    )
    assert stored.name == "anthropic" and stored.http.headers["x-api-key"] == "from-secrets"


async def test_the_configured_provider_is_built_without_contacting_it(server):
    settings = {"provider": "ollama", "model": "llama3.2", "base_url": server.url}
    llm = await select_provider(env={}, settings=settings)
    assert (llm.name, llm.model, llm.base_url) == ("ollama", "llama3.2", server.url)
    assert llm.source == "ollama from config.toml" and server.log == []


async def test_layers_env_over_config_and_overrides_over_both():
    settings = {"provider": "ollama", "model": "llama3.2", "base_url": "http://h:1"}
    env = {"IMPERAL_SHELL_LLM": "llama.cpp", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    llm = await select_provider(env=env, settings=settings)
    # config's model and base_url belong to ollama; the env names another provider
    assert (llm.name, llm.model, llm.base_url) == ("openai", "", "http://127.0.0.1:9/v1")
    assert llm.source == "openai from IMPERAL_SHELL_LLM"
    env["IMPERAL_SHELL_LLM_MODEL"] = "gemma"
    assert (await select_provider(env=env, settings=settings)).model == "gemma"
    over = await select_provider(
        env=env, settings=settings, provider="anthropic", model="claude-x", api_key="k"
    )
    assert (over.name, over.model) == ("anthropic", "claude-x")
    assert over.source == "anthropic from the command line"
    same = await select_provider(env={}, settings=settings, provider="ollama")
    assert (same.model, same.base_url) == ("llama3.2", "http://h:1")
    assert (await select_provider(env={}, settings={"provider": "off"})).name == "offline"


async def test_auto_probes(dead_url):
    llm = await select_provider(env={"OLLAMA_HOST": dead_url}, settings={"provider": "auto"})
    assert llm.name == "offline"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"settings": {"provider": "gpt"}}, "unknown LLM provider 'gpt'"),
        ({"settings": {}, "provider": "x"}, "--provider: unknown LLM provider"),
        ({"settings": {"model": 3}}, "[llm] model must be a string"),
        ({"settings": {"provider": 1}}, "must be a string"),
        ({"settings": {"provider": "anthropic"}, "env": {"IMPERAL_AIR_GAPPED": "yes"}},
         "IMPERAL_AIR_GAPPED"),
    ],
)  # fmt: skip
async def test_bad_settings_are_config_errors(kwargs, message):
    kwargs.setdefault("env", {})
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        await select_provider(**kwargs)


async def test_llm_section_read_from_config_toml(tmp_path):
    (tmp_path / "config.toml").write_text(
        '[llm]\nprovider = "openai"\nmodel = "m"\nbase_url = "http://127.0.0.1:8080/v1"\n'
    )
    config = KernelConfig.load(tmp_path, env={})
    llm = await select_provider(config, env={})
    assert (llm.name, llm.model, llm.base_url) == ("openai", "m", "http://127.0.0.1:8080/v1")
    (tmp_path / "config.toml").write_text('llm = "ollama"\n')
    with pytest.raises(ConfigError, match=r"\[llm\] must be a table"):
        await select_provider(KernelConfig.load(tmp_path, env={}), env={})


def test_offline_repr_and_reason():
    assert "nothing" in repr(OfflineProvider("nothing"))


def test_importing_the_package_loads_no_client_or_ui():
    root = Path(__file__).resolve().parents[3]
    code = ("import kernel.llm, kernel.llm.select, sys, json; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         timeout=60, check=True).stdout  # fmt: skip
    loaded = set(json.loads(out))
    assert not loaded & {"httpx", "ollama", "textual", "rich"}, loaded


async def test_every_built_provider_answers_health_and_closes(server):
    server.routes[("GET", "/api/tags")] = json_reply(TAGS)
    server.routes[("GET", "/v1/models")] = json_reply({"data": [{"id": "m"}]})
    for name in ("ollama", "openai", "anthropic", "offline"):
        llm = await select_provider(
            env={}, settings={}, provider=name, base_url=server.url, api_key="k"
        )
        assert llm.name == name and name in repr(type(llm)).lower()
        assert (await llm.health()).ok is (name != "offline")
        await llm.aclose()
        await llm.aclose()  # twice is harmless


async def test_the_api_key_of_a_built_provider_is_redacted():
    from kernel.llm.select import Choice, build
    from kernel.redact import MASK, REDACTOR

    key = "sk-test-Vq93LmXz01"
    try:
        llm = build(Choice("openai", "m", "http://127.0.0.1:9", key, "test"))
        await llm.aclose()
        assert REDACTOR.text(f"401: bad key {key}") == f"401: bad key {MASK}"
    finally:
        REDACTOR.forget_all()
