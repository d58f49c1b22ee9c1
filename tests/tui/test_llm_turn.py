"""The TUI with a model: a chat answer streams into one Markdown block, a failing model puts a
warning in the banner, `/provider` switches the model for the window (scripted server)."""

from __future__ import annotations

import pytest

from imperal_tui.widgets.chat.messages import ErrorLine, NoteLine, ReplyMarkdown
from tests.kernel.router_llm.scripted import MODEL, Script, chat

from .conftest import SIZE


@pytest.fixture
def script(monkeypatch, home):
    s = Script()
    monkeypatch.setenv("IMPERAL_SHELL_LLM", "openai")
    monkeypatch.setenv("IMPERAL_SHELL_LLM_MODEL", MODEL)
    monkeypatch.setenv("OPENAI_BASE_URL", s.url)
    yield s
    s.close()


def notes(app) -> list[str]:
    return [str(w.render()) for w in app.query(NoteLine)]


async def test_chat_answer_streams_and_the_banner_names_the_model(make_app, settle, submit, script):
    script.answer(chat()).stream("**Hello**", ", I am ", "the shell.")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "LLM: openai scripted-1" in str(app.banner.render())
        await submit(pilot, "hello, who are you?")
        (reply,) = list(app.query(ReplyMarkdown))
        assert reply.text.strip() == "**Hello**, I am the shell."


async def test_a_failing_model_shows_in_the_banner(make_app, settle, submit, script):
    script.fail(500)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "what is the meaning of life?")
        errors = [str(w.render()) for w in app.query(ErrorLine)]
        assert any("unavailable" in e for e in errors)


async def test_provider_command_switches_the_window(make_app, settle, submit, script):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/provider")
        assert any(n.startswith("model: openai scripted-1 at http://127.0.0.1") for n in notes(app))
        await submit(pilot, "/provider skynet")
        assert any("unknown LLM provider" in str(w.render()) for w in app.query(ErrorLine))
        await submit(pilot, "/provider offline")
        assert "offline (this window)" in str(app.banner.render())
        await submit(pilot, "tell me a joke")  # offline: not understood, no request made
        assert script.requests == []
        await submit(pilot, "/provider default")
        assert "(this window)" not in str(app.banner.render())


async def test_offline_fallback_warns_in_the_banner(make_app, settle, submit, script, home):
    (home / "config.toml").write_text('[llm]\nmode = "model-first"\n')
    script.fail(500)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "show my notes")
        assert "model unavailable" in str(app.banner.render())
        assert any("offline router answered" in n for n in notes(app))
