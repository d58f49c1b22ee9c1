"""`imperal-shell provider`: status, and API keys kept in the secrets store (in-process CLI)."""

import io
import json

import pytest

from imperal_tui import cli
from tests.kernel.router_llm.scripted import MODEL, Script


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SECRETS", "vault")
    for var in ("IMPERAL_SHELL_LLM", "OPENAI_BASE_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")  # nothing listens there
    return tmp_path


def status(capsys, *args):
    code = cli.main(["provider", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_offline_when_nothing_is_configured(home, capsys):
    code, info = status(capsys)
    assert code == 0 and info["provider"] == "offline" and info["stored_keys"] == []


def test_a_stored_key_is_used_and_never_printed(home, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-secret-value\n"))
    assert cli.main(["provider", "set-key", "anthropic"]) == 0
    out = capsys.readouterr()
    assert "sk-secret-value" not in out.out + out.err
    code, info = status(capsys)
    assert info["provider"] == "anthropic" and info["stored_keys"] == ["ANTHROPIC_API_KEY"]
    assert "sk-secret-value" not in json.dumps(info)
    vault = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert b"sk-secret-value" not in vault  # encrypted at rest
    assert cli.main(["provider", "forget-key", "ANTHROPIC_API_KEY"]) == 0
    capsys.readouterr()
    assert status(capsys)[1]["provider"] == "offline"


def test_a_server_that_answers(home, capsys, monkeypatch):
    script = Script()
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", script.url)
        code, info = status(capsys, "--model", MODEL)
        assert code == 0 and info["ok"] and info["provider"] == "openai"
    finally:
        script.close()


def test_unknown_names_are_usage_errors(home, capsys):
    assert cli.main(["provider", "--provider", "skynet"]) == 2
    assert cli.main(["provider", "set-key", "github"]) == 2
    assert "unknown LLM provider" in capsys.readouterr().err
