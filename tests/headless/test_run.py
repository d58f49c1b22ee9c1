"""`imperal-shell run`: natural language in, a reply or a JSON envelope out, exit codes."""

from __future__ import annotations

STEP_KEYS = {
    "step_id",
    "app_id",
    "function",
    "args",
    "action_type",
    "status",
    "summary",
    "data",
    "ledger_id",
    "error",
}
CARD_KEYS = {"card_id", "app_id", "function", "action_type", "args_json", "digest", "short_digest"}


def test_create_then_list_round_trip(shell):
    created = shell("run", "create a note titled Groceries with body eggs")
    assert created.code == 0, created.err
    assert "Groceries" in created.out
    created.assert_clean_stderr()

    listed = shell("run", "show my notes")
    assert listed.code == 0, listed.err
    assert "Groceries" in listed.out
    assert listed.err == ""


def test_words_without_quotes_make_one_message(embedded_shell):
    result = embedded_shell("run", "add", "a", "task", "buy", "milk")
    assert result.code == 0, result.err
    assert "buy milk" in result.out


def test_json_envelope_shape(shell):
    shell("run", "create a note titled Groceries")
    result = shell("run", "--json", "show my notes")
    assert result.code == 0, result.err
    env = result.json
    assert {"status", "reply", "steps", "pending", "errors"} <= env.keys()
    assert env["status"] == "ok"
    assert env["pending"] == [] and env["errors"] == []
    (step,) = env["steps"]
    assert step.keys() >= STEP_KEYS
    assert (step["app_id"], step["function"], step["status"]) == ("notes", "list_notes", "ok")
    assert isinstance(step["ledger_id"], int)
    assert "Groceries" in env["reply"]
    assert [n["title"] for n in step["data"]["notes"]] == ["Groceries"]


def test_destructive_without_yes_exits_3_and_deletes_nothing(shell):
    assert shell("run", "create a note titled Groceries").code == 0
    result = shell("run", "delete the note Groceries")
    assert result.code == 3, (result.out, result.err)
    assert "notes.delete_note" in result.out and "destructive" in result.out
    note_id = shell.notes()[0]["id"]
    assert f'{{"note_id":"{note_id}"}}' in result.out  # the exact arguments, untruncated
    assert "--yes" in result.err
    result.assert_clean_stderr()
    assert [n["title"] for n in shell.notes()] == ["Groceries"]


def test_destructive_json_lists_the_pending_card(shell):
    shell("run", "create a note titled Groceries")
    result = shell("run", "--json", "delete the note Groceries")
    assert result.code == 3
    env = result.json
    assert env["status"] == "needs_confirmation"
    (card,) = env["pending"]
    assert card.keys() >= CARD_KEYS
    assert card["digest"].startswith(card["short_digest"]) and len(card["digest"]) == 64
    assert [s for s in env["steps"] if s["function"] == "delete_note"] == []
    assert len(shell.notes()) == 1


def test_destructive_with_yes_deletes(shell):
    shell("run", "create a note titled Groceries")
    shell("run", "create a note titled Keep me")
    result = shell("run", "--yes", "--json", "delete the note Groceries")
    assert result.code == 0, result.err
    env = result.json
    assert env["pending"] == []
    deleted = [s for s in env["steps"] if s["function"] == "delete_note"]
    assert [s["status"] for s in deleted] == ["ok"]
    assert [n["title"] for n in shell.notes()] == ["Keep me"]


def test_dash_reads_the_message_from_stdin(shell):
    result = shell("run", "-", input="add a task water the plants\n")
    assert result.code == 0, result.err
    listed = shell("call", "tasks.list_tasks", "--json")
    titles = [t["title"] for t in listed.json["steps"][0]["data"]["tasks"]]
    assert titles == ["water the plants"]


def test_stdin_with_yes_confirms(embedded_shell):
    embedded_shell("run", "create a note titled Q3")
    result = embedded_shell("run", "--yes", "-", input="delete the note Q3")
    assert result.code == 0, result.err
    assert embedded_shell.notes() == []


def test_unmappable_request_exits_2_with_a_message(shell):
    result = shell("run", "--json", "frobnicate the zorgs")
    assert result.code == 2
    env = result.json
    assert env["status"] == "usage_error"
    assert [e["code"] for e in env["errors"]] == ["unmapped"]
    assert "frobnicate" in result.err
    result.assert_clean_stderr()


def test_empty_message_is_a_usage_error(embedded_shell):
    for args, stdin in ((["run", ""], None), (["run", "-"], "  \n"), (["run"], None)):
        result = embedded_shell(*args, input=stdin)
        assert result.code == 2, args
        assert "empty" in result.err
        assert result.out == ""
        result.assert_clean_stderr()


def test_not_found_target_is_an_action_failure(embedded_shell):
    result = embedded_shell("run", "--json", "delete the note Nowhere")
    assert result.code == 1
    assert [e["code"] for e in result.json["errors"]] == ["not_found"]
    assert "Nowhere" in result.err


def test_bad_flag_is_usage(embedded_shell):
    result = embedded_shell("run", "--frobnicate", "show my notes")
    assert result.code == 2
    assert "usage:" in result.err
    result.assert_clean_stderr()
