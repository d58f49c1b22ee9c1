"""`imperal-shell run` with a model: the real binary against a scripted OpenAI-compatible server
on 127.0.0.1 (the e2e tier does the same with a real local model)."""

import socket

import pytest

from tests.kernel.router_llm.scripted import MODEL, Script, chat, plan


@pytest.fixture
def script():
    s = Script()
    yield s
    s.close()


def dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


def test_provider_and_model_flags_stream_the_reply(embedded_shell, script):
    script.answer(chat()).stream("Hi", " there")
    env = {"OPENAI_BASE_URL": script.url}
    r = embedded_shell("run", "--provider", "openai", "--model", MODEL, "hello", env=env)
    assert r.code == 0, r.err
    assert r.out == "Hi there\n"
    r.assert_clean_stderr()
    assert script.requests[0]["model"] == MODEL


def test_json_envelope_carries_the_streamed_reply(embedded_shell, script):
    script.answer(chat()).stream("Fine", ", thanks.")
    env = {"OPENAI_BASE_URL": script.url, "IMPERAL_SHELL_LLM": "openai"}
    r = embedded_shell("run", "--json", "how are you?", env=env)
    assert r.code == 0, r.err
    assert r.json["reply"].strip() == "Fine, thanks." and r.json["status"] == "ok"


def test_a_classified_action_runs(embedded_shell, script):
    script.answer(plan({"app_id": "tasks", "tool": "add_task", "args": {"title": "Water plants"}}))
    env = {"OPENAI_BASE_URL": script.url, "IMPERAL_SHELL_LLM": "openai"}
    r = embedded_shell("run", "--json", "the plants need water", env=env)
    assert r.code == 0, r.err
    (step,) = r.json["steps"]
    assert step["function"] == "add_task" and step["status"] == "ok"


def test_unknown_provider_is_a_usage_error(embedded_shell):
    r = embedded_shell("run", "--provider", "skynet", "hello")
    assert r.code == 2
    assert "unknown LLM provider 'skynet'" in r.err
    r.assert_clean_stderr()


def test_provider_down_and_nothing_offline_exits_5(embedded_shell):
    env = {"OPENAI_BASE_URL": dead_url(), "IMPERAL_SHELL_LLM": "openai"}
    r = embedded_shell("run", "what is the meaning of life?", env=env)
    assert r.code == 5, (r.out, r.err)
    assert r.err.count("\n") == 1 and "unavailable" in r.err
    r.assert_clean_stderr()


def test_provider_down_falls_back_offline_with_one_warning(embedded_shell):
    embedded_shell.home.mkdir(mode=0o700)  # private: the one warning is about the model
    (embedded_shell.home / "config.toml").write_text('[llm]\nmode = "model-first"\n')
    env = {"OPENAI_BASE_URL": dead_url(), "IMPERAL_SHELL_LLM": "openai"}
    r = embedded_shell("run", "show my notes", env=env)
    assert r.code == 0, r.err
    warnings = [line for line in r.err.splitlines() if line]
    assert len(warnings) == 1 and "offline router answered" in warnings[0]
