"""`imperal-shell tasks [--json]` and `tasks cancel ID`, in-process (cli.main)."""

from __future__ import annotations

import json

import pytest

from imperal_tui import cli

SLOW = """
import asyncio
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("slow", version="1.0.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Slow things")

class Wait(BaseModel):
    seconds: float = 0.5

@chat.function("wait", action_type="write", description="Wait a while, then save a document.")
async def wait(ctx, params: Wait) -> ActionResult:
    await ctx.progress(50, "half way")
    await asyncio.sleep(params.seconds)
    await ctx.store.create("items", {"done": True})
    return ActionResult.success({}, summary="waited")
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    for name in ("IMPERAL_SHELL_CONFIRM", "IMPERAL_SHELL_DENY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.2")
    folder = tmp_path / "extensions" / "slow"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLOW)
    return tmp_path


def test_a_promoted_call_is_listed_with_its_outcome(home, capsys):
    assert cli.main(["call", "slow.wait", "--args", '{"seconds": 0.6}', "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["steps"][0]["status"] == "ok"
    assert cli.main(["tasks", "--json"]) == 0
    (task,) = json.loads(capsys.readouterr().out)["tasks"]
    assert task["status"] == "ok" and task["name"] == "slow.wait" and task["progress"] == 100
    assert cli.main(["tasks"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["TASK", "STATUS", "PROGRESS", "NAME", "MESSAGE"]
    assert task["id"] in text and "slow.wait" in text


def test_no_tasks_yet(home, capsys):
    assert cli.main(["tasks"]) == 0
    assert capsys.readouterr().out == "No tasks.\n"


def test_cancel_of_an_unknown_task_fails_clearly(home, capsys):
    assert cli.main(["tasks", "cancel", "task_nope", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"task_id": "task_nope", "cancelled": False}
    assert cli.main(["tasks", "cancel", "task_nope"]) == 1
    assert "no running task 'task_nope'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["tasks", "cancel"], ["tasks", "task_x"], ["tasks", "--lim", "3"]]
)
def test_tasks_usage_errors(home, argv, capsys):
    assert cli.main(argv) == 2


AI = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("thinker", version="1.0.0", display_name="Thinker")
chat = ChatExtension(ext, "thinker", "Asks the model")

class Q(BaseModel):
    question: str = "why"

@chat.function("ask", action_type="read", description="Ask the configured LLM a question.")
async def ask(ctx, params: Q) -> ActionResult:
    answer = await ctx.ai.complete(params.question)
    return ActionResult.success({"answer": str(answer)}, summary="asked")
"""


def test_a_handler_that_needs_an_llm_exits_5_without_one(home, capsys):
    folder = home / "extensions" / "thinker"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(AI)
    assert cli.main(["call", "thinker.ask", "--json"]) == 5
    captured = capsys.readouterr()
    assert json.loads(captured.out)["steps"][0]["status"] == "error"
    assert "LLM" in captured.err
