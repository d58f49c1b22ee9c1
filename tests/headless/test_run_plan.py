"""`imperal-shell run --plan FILE|-`: plans for scripts, in-process (cli.main)."""

from __future__ import annotations

import io
import json

import pytest

from imperal_tui import cli


@pytest.fixture
def home(tmp_path, monkeypatch):
    for name in ("IMPERAL_SHELL_CONFIRM", "IMPERAL_SHELL_DENY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    return tmp_path


def stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def envelope(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def ledger(capsys) -> list:
    assert cli.main(["audit", "--json"]) == 0
    return envelope(capsys)["rows"]


def test_a_plan_from_stdin_with_args_as_json_strings(home, monkeypatch, capsys):
    plan = {
        "intent": "chain",
        "action_plans": [
            {
                "step_id": "s2",
                "app_id": "notes",
                "tool": "create_note",
                "args": '{"title": "$REF:s1.title", "body": "priority $REF:tasks[0].priority"}',
                "depends_on": ["s1"],
            },  # fmt: skip
            {
                "step_id": "s1",
                "app_id": "tasks",
                "tool": "add_task",
                "args": '{"title": "pay rent", "priority": "high"}',
                "depends_on": [],
            },  # fmt: skip
        ],
    }
    stdin(monkeypatch, json.dumps(plan))
    assert cli.main(["run", "--plan", "-", "--json", "--timeout", "60"]) == 0
    env = envelope(capsys)
    assert [(s["step_id"], s["status"]) for s in env["steps"]] == [("s1", "ok"), ("s2", "ok")]
    assert env["steps"][1]["data"]["title"] == "pay rent"
    assert env["steps"][1]["data"]["body"] == "priority high"
    assert env["skipped"] == [] and env["errors"] == [] and env["exit_code"] == 0


def test_a_failed_step_is_reported_with_what_was_skipped(home, tmp_path, capsys):
    file = tmp_path / "plan.json"
    file.write_text(
        json.dumps(
            [
                {
                    "step_id": "a",
                    "app_id": "notes",
                    "tool": "update_note",
                    "args": {"note_id": "missing", "title": "x"},
                },  # fmt: skip
                {
                    "step_id": "b",
                    "app_id": "tasks",
                    "tool": "add_task",
                    "args": {"title": "$REF:a.title"},
                },  # fmt: skip
                {"step_id": "c", "app_id": "tasks", "tool": "list_tasks"},
            ]
        )
    )
    assert cli.main(["run", "--plan", str(file)]) == 1
    captured = capsys.readouterr()
    assert "Skipped b (tasks.add_task): it needs a: notes.update_note failed." in captured.out
    assert "0 open tasks" in captured.out  # the independent step ran
    assert "notes.update_note error: No note with id missing" in captured.err
    assert cli.main(["run", "--plan", str(file), "--json"]) == 1
    env = envelope(capsys)
    assert [(s["step_id"], s["status"]) for s in env["steps"]] == [("a", "error"), ("c", "ok")]
    assert env["skipped"] == [
        {
            "step_id": "b",
            "app_id": "tasks",
            "function": "add_task",
            "blocked_by": "a",
            "reason": "it needs a: notes.update_note failed",
        }  # fmt: skip
    ]


@pytest.mark.parametrize(
    ("plan", "says"),
    [
        (
            [
                {"step_id": "a", "app_id": "notes", "tool": "list_notes", "depends_on": ["b"]},
                {
                    "step_id": "b",
                    "app_id": "notes",
                    "tool": "create_note",
                    "args": {"title": "x"},
                    "depends_on": ["a"],
                },
            ],
            "cycle: a -> b -> a",
        ),  # fmt: skip
        (
            [
                {
                    "step_id": "a",
                    "app_id": "notes",
                    "tool": "create_note",
                    "args": {"title": "$REF:zz.title"},
                }
            ],
            "refers to 'zz', no step of the plan",
        ),  # fmt: skip
        (
            [{"step_id": "a", "app_id": "notes", "tool": "list_notes", "depends_on": ["zz"]}],
            "depends on 'zz', which is not in the plan",
        ),  # fmt: skip
    ],
)
def test_an_invalid_plan_exits_2_and_runs_nothing(home, monkeypatch, capsys, plan, says):
    stdin(monkeypatch, json.dumps(plan))
    assert cli.main(["run", "--plan", "-", "--json", "--yes"]) == 2
    env = envelope(capsys)
    (error,) = env["errors"]
    assert error["code"] == "invalid_plan" and says in error["message"]
    assert error["problems"] and env["steps"] == [] and env["status"] == "usage_error"
    assert ledger(capsys) == []


@pytest.mark.parametrize(
    ("argv", "text", "says"),
    [
        (["run", "--plan", "-"], "{nope", "the plan is not valid JSON"),
        (["run", "--plan", "-"], "  ", "the plan is empty"),
        (["run", "--plan", "-", "show", "my", "notes"], "[]", "not both"),
        (["run", "--plan", "/nonexistent/plan.json"], "", "cannot read the plan"),
        (["run", "--plan", "-", "--provider", "offline"], "[]", "a --plan uses none"),
    ],
)
def test_plan_usage_errors(home, monkeypatch, capsys, argv, text, says):
    stdin(monkeypatch, text)
    assert cli.main(argv) == 2
    assert says in capsys.readouterr().err
    assert ledger(capsys) == []


def test_a_card_in_a_plan_needs_yes_and_the_chain_goes_on(home, monkeypatch, capsys):
    assert cli.main(["call", "notes.create_note", "--args", '{"title": "Old"}']) == 0
    plan = json.dumps(
        [
            {"step_id": "f", "app_id": "notes", "tool": "search_notes", "args": '{"query": "Old"}'},
            {
                "step_id": "d",
                "app_id": "notes",
                "tool": "delete_note",
                "args": '{"note_id": "$REF:f.notes[0].id"}',
            },  # fmt: skip
            {
                "step_id": "t",
                "app_id": "tasks",
                "tool": "add_task",
                "args": '{"title": "removed $REF:f.notes[0].title"}',
                "depends_on": ["d"],
            },  # fmt: skip
        ]
    )
    capsys.readouterr()
    stdin(monkeypatch, plan)
    assert cli.main(["run", "--plan", "-", "--json"]) == 3
    env = envelope(capsys)
    assert [s["step_id"] for s in env["steps"]] == ["f"]
    assert [c["function"] for c in env["pending"]] == ["delete_note"]
    stdin(monkeypatch, plan)
    assert cli.main(["run", "--plan", "-", "--json", "--yes"]) == 0
    env = envelope(capsys)
    assert [(s["step_id"], s["status"]) for s in env["steps"]] == [
        ("f", "ok"),
        ("d", "ok"),
        ("t", "ok"),
    ]
    assert env["steps"][2]["data"]["title"] == "removed Old"
