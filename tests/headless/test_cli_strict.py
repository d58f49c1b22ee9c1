"""The command line takes nothing on guesswork: no abbreviated options, no confirmation by
Enter, big requests either work or fail clearly, and a timeout cancels the work."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

import pytest

from imperal_tui import cli
from tests.headless.conftest import SHELL
from tests.kernel.rpc_support import write_slow_extension


def all_parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from all_parsers(sub)


def test_no_parser_accepts_abbreviations():
    parsers = list(all_parsers(cli.build_parser()))
    assert len(parsers) > 10
    assert [p.prog for p in parsers if p.allow_abbrev] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["call", "notes.delete_note", "--ye"],
        ["call", "notes.delete_note", "--y"],
        ["run", "--ye", "delete the note Old"],
        ["run", "--y", "delete the note Old"],
        ["call", "notes.list_notes", "--js"],
        ["run", "--us", "bob", "hi"],
    ],
)
def test_abbreviated_options_are_usage_errors(argv, capsys):
    assert cli.main(argv) == 2
    assert (
        f"unrecognized arguments: {argv[2 if argv[0] == 'call' else 1]}" in capsys.readouterr().err
    )


def test_abbreviated_yes_is_refused_by_the_real_binary(embedded_shell):
    result = embedded_shell("call", "tasks.delete_task", "--args", '{"task_id": "x"}', "--ye")
    assert result.code == 2 and "unrecognized arguments: --ye" in result.err
    assert not (embedded_shell.home / "kernel.db").exists()  # nothing ran


def test_confirm_without_digest_and_without_a_terminal_is_usage(embedded_shell):
    result = embedded_shell("confirm", "card_123", input="y\n")
    assert result.code == 2
    assert "--digest" in result.err and "not a terminal" in result.err
    result.assert_clean_stderr()


def confirm_at_a_terminal(shell, card_id: str, typed: str):
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [str(SHELL), "confirm", card_id],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=shell.env,
        )
        os.close(slave)
        os.write(master, typed.encode() + b"\n")
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err
    finally:
        os.close(master)


def test_confirm_at_a_terminal_needs_the_digest_typed(resident_shell):
    sh = resident_shell
    assert sh("run", "create a note titled Old").code == 0
    pending = sh("run", "--json", "delete the note Old")
    (card,) = pending.json["pending"]

    code, out, err = confirm_at_a_terminal(sh, card["card_id"], "")  # just Enter
    assert code == 3, err
    assert card["args_json"] in err and card["short_digest"] in err
    assert "Type the first 8 characters" in err
    code, out, err = confirm_at_a_terminal(sh, card["card_id"], "y")
    assert code == 3, err
    assert [n["title"] for n in sh.notes()] == ["Old"]

    code, out, err = confirm_at_a_terminal(sh, card["card_id"], card["digest"][:8])
    assert code == 0, err
    assert sh.notes() == []


def test_a_90_kb_note_through_the_resident_kernel(resident_shell):
    body = "n" * 90_000
    args = json.dumps({"title": "big", "body": body})
    result = resident_shell("call", "notes.create_note", "--args", args, "--json")
    assert result.code == 0, result.err
    (note,) = resident_shell.notes()
    assert note["id"] == result.json["steps"][0]["data"]["id"] and note["body"] == body


def test_a_10_mb_request_gets_a_clear_error(resident_shell):
    args = json.dumps({"title": "huge", "body": "h" * 10_000_000})
    result = resident_shell("call", "notes.create_note", "--args", "-", "--json", input=args)
    assert result.code == 2, result.err
    assert [e["code"] for e in result.json["errors"]] == ["invalid_args"]
    assert "100000" in result.err
    result.assert_clean_stderr()


def test_a_request_over_16_mib_is_refused_before_sending(embedded_shell):
    args = json.dumps({"title": "huge", "body": "h" * (17 * 1024 * 1024)})
    result = embedded_shell("call", "notes.create_note", "--args", "-", "--json", input=args)
    assert result.code == 2
    assert [e["code"] for e in result.json["errors"]] == ["request_too_large"]
    assert "at most 16.0 MiB" in result.err
    result.assert_clean_stderr()


def test_a_timeout_cancels_the_call_in_the_resident_kernel(resident_shell):
    write_slow_extension(resident_shell.home)
    args = json.dumps({"seconds": 2.0, "mark": "late"})
    assert resident_shell("call", "slow.marks").code == 0  # the kernel is up, workers warm
    result = resident_shell("call", "slow.nap", "--args", args, "--timeout", "1", "--json")
    assert result.code == 6, result.err
    assert "cancelled" in result.err
    time.sleep(2.0)  # past the nap: it must never commit
    counted = resident_shell("call", "slow.marks", "--json")
    assert counted.json["steps"][0]["data"] == {"count": 0}
