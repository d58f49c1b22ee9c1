"""`imperal-shell history` and `run --continue`, in-process (cli.main) with a kernel of its own
per command: every command below is a kernel restart, so what it finds was on disk."""

from __future__ import annotations

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


def shell(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, *argv):
    code, out, err = shell(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_run_is_recorded_listed_searched_and_shown(home, capsys):
    assert shell(capsys, "run", "add a note Groceries")[0] == 0
    (conv,) = as_json(capsys, "history")["conversations"]
    assert conv["title"] == "add a note Groceries" and conv["messages"] == 2

    matches = as_json(capsys, "history", "--search", "created")["matches"]
    assert [m["role"] for m in matches] == ["assistant"]
    assert matches[0]["conversation_id"] == conv["id"] and "[Created]" in matches[0]["snippet"]
    (asked,) = [m for m in as_json(capsys, "history", "--search", "add")["matches"]]
    assert asked["role"] == "user"

    shown = as_json(capsys, "history", "show", conv["id"])["conversation"]
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"]

    code, out, _ = shell(capsys, "history")
    assert code == 0 and conv["id"] in out and "add a note Groceries" in out
    assert out.splitlines()[0].split() == ["ID", "UPDATED", "MSGS", "TITLE"]
    code, out, _ = shell(capsys, "history", "--search", "groceries")
    assert code == 0 and "[Groceries]" in out
    code, out, _ = shell(capsys, "history", "show", conv["id"])
    assert code == 0 and "you (" in out and "[notes.create_note ok]" in out
    for text in (
        shell(capsys, "history")[1],
        shell(capsys, "history", "--search", "groc")[1],
        shell(capsys, "history", "show", conv["id"])[1],
    ):
        assert max(len(line) for line in text.splitlines()) <= 80


def test_continue_resolves_it_from_the_last_conversation(home, capsys):
    assert shell(capsys, "run", "add a note Groceries")[0] == 0
    out = as_json(capsys, "run", "--continue", "--yes", "delete it")
    assert [(s["function"], s["status"]) for s in out["steps"]] == [("delete_note", "ok")]
    assert as_json(capsys, "call", "notes.list_notes")["steps"][0]["data"]["notes"] == []
    (conv,) = as_json(capsys, "history")["conversations"]
    messages = as_json(capsys, "history", "show", conv["id"])["conversation"]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant", "assistant"]
    assert messages[-1]["meta"]["steps"][0]["function"] == "delete_note"  # the --yes confirm


def test_without_continue_it_is_unknown(home, capsys):
    assert shell(capsys, "run", "add a note Groceries")[0] == 0
    code, _, err = shell(capsys, "run", "delete it")
    assert code == 2 and "do not know what “it” is" in err
    assert len(as_json(capsys, "history")["conversations"]) == 2


@pytest.mark.parametrize("odd", ['"foo', "AND OR (", "(", "NEAR(", "*", "a\"b'c"])
def test_odd_search_text_finds_nothing_and_does_not_crash(home, capsys, odd):
    assert shell(capsys, "run", "show my notes")[0] == 0
    assert as_json(capsys, "history", "--search", odd)["matches"] == []
    code, out, err = shell(capsys, "history", "--search", odd)
    assert code == 0 and out.startswith("No messages match") and "Traceback" not in err


def test_users_do_not_see_each_other(home, capsys):
    assert shell(capsys, "run", "--user", "alice", "add a note Secret")[0] == 0
    (conv,) = as_json(capsys, "history", "--user", "alice")["conversations"]
    assert as_json(capsys, "history", "--user", "bob")["conversations"] == []
    assert as_json(capsys, "history", "--user", "bob", "--search", "secret")["matches"] == []
    code, out, err = shell(capsys, "history", "--user", "bob", "show", conv["id"], "--json")
    assert code == 1 and json.loads(out) == {"conversation": None}
    assert f"bob has no conversation {conv['id']!r}" in err
    code, _, err = shell(capsys, "run", "--user", "bob", "--continue", "delete it")
    assert code == 2 and "do not know what “it” is" in err


def test_empty_history(home, capsys):
    assert shell(capsys, "history")[:2] == (0, "No conversations yet.\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "show"],
        ["history", "conv_x"],
        ["history", "list", "conv_x"],
        ["history", "show", "conv_x", "--search", "a"],
        ["history", "--search", "  "],
        ["history", "--limit", "0"],
        ["history", "--sea", "x"],
        ["run", "--cont", "hi"],
    ],
)
def test_usage_errors(home, argv, capsys):
    assert cli.main(argv) == 2


def test_show_of_an_unknown_id_is_exit_1(home, capsys):
    code, out, err = shell(capsys, "history", "show", "conv_nope")
    assert code == 1 and out == "" and "has no conversation 'conv_nope'" in err
