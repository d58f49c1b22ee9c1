"""`imperal-shell call`: one typed call with no router, through the same gates as chat."""

from __future__ import annotations

import json


def test_call_create_and_list(shell):
    result = shell("call", "notes.create_note", "--args", '{"title": "Q3", "folder": "work"}')
    assert result.code == 0, result.err
    assert "Q3" in result.out
    listed = shell("call", "notes.list_notes", "--args", '{"folder": "work"}', "--json")
    assert listed.code == 0
    (step,) = listed.json["steps"]
    assert [n["title"] for n in step["data"]["notes"]] == ["Q3"]


def test_unknown_function_exits_2_and_leaves_an_error_row(shell):
    result = shell("call", "notes.no_such_function", "--json")
    assert result.code == 2
    assert [e["code"] for e in result.json["errors"]] == ["unknown_function"]
    assert "no_such_function" in result.err
    result.assert_clean_stderr()

    audit = shell("audit", "--json")
    assert audit.code == 0, audit.err
    rows = [r for r in audit.json["rows"] if r["function"] == "no_such_function"]
    assert [(r["app_id"], r["status"]) for r in rows] == [("notes", "error")]


def test_malformed_args_exit_2_and_change_nothing(shell):
    shell("call", "notes.create_note", "--args", '{"title": "Keep"}')
    before = shell("audit", "--json").json["rows"]
    for bad in ('{"title": ', "[1, 2]", '"just a string"', "42", "null"):
        result = shell("call", "notes.create_note", "--args", bad)
        assert result.code == 2, bad
        assert "--args" in result.err
        assert result.out == ""
        result.assert_clean_stderr()
    assert shell("audit", "--json").json["rows"] == before
    assert [n["title"] for n in shell.notes()] == ["Keep"]


def test_invalid_argument_values_exit_2(embedded_shell):
    result = embedded_shell("call", "notes.list_notes", "--args", '{"limit": "many"}', "--json")
    assert result.code == 2
    assert [e["code"] for e in result.json["errors"]] == ["invalid_args"]


def test_target_without_a_dot_is_usage(embedded_shell):
    result = embedded_shell("call", "list_notes")
    assert result.code == 2
    assert "APP.FUNCTION" in result.err


def test_destructive_call_needs_yes(shell):
    created = shell("call", "tasks.add_task", "--args", '{"title": "old"}', "--json")
    task_id = created.json["steps"][0]["data"]["id"]
    args = json.dumps({"task_id": task_id})

    refused = shell("call", "tasks.delete_task", "--args", args, "--json")
    assert refused.code == 3
    assert json.loads(refused.json["pending"][0]["args_json"]) == {"task_id": task_id}

    accepted = shell("call", "tasks.delete_task", "--args", args, "--yes", "--json")
    assert accepted.code == 0, accepted.err
    listed = shell("call", "tasks.list_tasks", "--args", '{"status": "all"}', "--json")
    assert listed.json["steps"][0]["data"]["tasks"] == []


def test_user_flag_separates_data(embedded_shell):
    embedded_shell("call", "notes.create_note", "--args", '{"title": "alice"}', "--user", "alice")
    bob = embedded_shell("call", "notes.list_notes", "--json", "--user", "bob")
    assert bob.json["steps"][0]["data"]["notes"] == []
    alice = embedded_shell("call", "notes.list_notes", "--json", "--user", "alice")
    assert [n["title"] for n in alice.json["steps"][0]["data"]["notes"]] == ["alice"]
