"""How an event stream folds into a reply, steps, pending cards and one exit code."""

from __future__ import annotations

import json

from imperal_tui.headless import render
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.outcome import Outcome
from kernel import events as ev

CARD = ev.Card(
    card_id="card_1",
    step_id="s1",
    app_id="notes",
    function="delete_note",
    action_type="destructive",
    args_json='{"note_id":"n1"}',
    digest="a" * 64,
    description="Delete a note for good.",
)


def finished(status: str, error: str = "") -> ev.ActionFinished:
    return ev.ActionFinished("s1", "notes", "delete_note", "destructive", {}, status, error=error)


def outcome_of(*events) -> Outcome:
    outcome = Outcome()
    outcome.extend(events)
    return outcome


def test_reply_is_the_text_deltas_in_order():
    outcome = outcome_of(ev.TextDelta("Hello "), ev.PanelInvalidated("notes"), ev.TextDelta("you"))
    assert outcome.reply == "Hello you"
    assert outcome.exit_code is ExitCode.OK


def test_step_statuses_map_to_exit_codes():
    assert outcome_of(finished("ok")).exit_code is ExitCode.OK
    assert outcome_of(finished("error", "boom")).exit_code is ExitCode.ACTION_FAILED
    assert outcome_of(finished("denied")).exit_code is ExitCode.DENIED
    assert outcome_of(finished("unconfirmed")).exit_code is ExitCode.CONFIRMATION_NEEDED


def test_error_codes_map_to_exit_codes():
    cases = {
        ev.UNMAPPED: ExitCode.USAGE,
        ev.UNKNOWN_FUNCTION: ExitCode.USAGE,
        ev.INVALID_ARGS: ExitCode.USAGE,
        ev.NOT_FOUND: ExitCode.ACTION_FAILED,
        ev.HANDLER_FAILED: ExitCode.ACTION_FAILED,
        ev.INTERNAL: ExitCode.ACTION_FAILED,
        "permission_denied": ExitCode.DENIED,
        "llm_unavailable": ExitCode.NO_LLM,
        "timeout": ExitCode.TIMEOUT,
    }
    for code, expected in cases.items():
        assert outcome_of(ev.Error(code, "x")).exit_code is expected, code


def test_a_card_is_pending_until_resolved():
    waiting = outcome_of(ev.ConfirmationRequired(CARD))
    assert [c.card_id for c in waiting.pending] == ["card_1"]
    assert waiting.exit_code is ExitCode.CONFIRMATION_NEEDED

    done = outcome_of(
        ev.ConfirmationRequired(CARD), ev.CardResolved("card_1", "confirmed"), finished("ok")
    )
    assert done.pending == []
    assert done.exit_code is ExitCode.OK


def test_envelope_is_json_with_the_contract_keys():
    outcome = outcome_of(ev.TextDelta("hi\n"), ev.ConfirmationRequired(CARD))
    env = json.loads(render.to_json(render.envelope(outcome)))
    assert env["status"] == "needs_confirmation" and env["exit_code"] == 3
    assert env["pending"][0]["short_digest"] == "a" * 12
    assert env["pending"][0]["args_json"] == '{"note_id":"n1"}'


def test_plain_text_shows_the_card_and_escape_sequences_inert():
    outcome = outcome_of(ev.TextDelta("evil \x1b[2Jtext\n"), ev.ConfirmationRequired(CARD))
    text = render.outcome_text(outcome)
    assert "\x1b" not in text
    assert "evil \\x1b[2Jtext" in text
    assert '{"note_id":"n1"}' in text and "a" * 12 in text and "card_1" in text


def test_audit_table_aligns_columns():
    rows = [
        {"id": 1, "ts": "2026-01-01T00:00:00Z", "user_id": "ann", "app_id": "notes",
         "function": "list_notes", "action_type": "read", "status": "ok", "args_json": "{}"},
        {"id": 10, "ts": "2026-01-01T00:00:01Z", "user_id": "bo", "app_id": "tasks",
         "function": "add_task", "action_type": "write", "status": "error",
         "args_json": "{}", "error": "line one\nline two"},
    ]  # fmt: skip
    lines = render.audit_text(rows).splitlines()
    assert len(lines) == 3
    col = lines[0].index("STATUS")
    assert lines[1][col:].startswith("ok") and lines[2][col:].startswith("error")
    assert "line one line two" in lines[2]
