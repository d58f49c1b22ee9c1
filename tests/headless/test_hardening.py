"""Hardening of the command line: text from stored data reaches the terminal neutralised, and
bad input (lone surrogates, invalid UTF-8, deep nesting, odd timeouts) exits 2 changing nothing."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess

import pytest

from imperal_tui.cli import main
from imperal_tui.sanitize import json_safe, neutralise

EVIL = "\x1b]0;pwned\x07\x1b[31mRED\x1b[0m \u202egnp.exe"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[31mRED\\x1b[0m \\u202egnp.exe"
RAW = ("\x1b", "\x07", "\u202e")


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(text)


# --- the neutraliser ------------------------------------------------------------------------
def test_neutralise_shows_controls_as_escapes_and_keeps_text():
    assert neutralise(EVIL) == SHOWN
    assert neutralise(SHOWN) == SHOWN  # a second pass changes nothing
    assert neutralise("a\tb\nc\r\nd \x9b2J \ud800") == "a\tb\nc\nd \\x9b2J \\ud800"
    family = "👩\u200d👩\u200d👧 é 日本"
    assert neutralise(family) == family  # joiners and ordinary Unicode stay


def test_json_safe_escapes_yet_parses_back_exactly():
    value = {"t": EVIL + "\x9b\x7f\ud800", "n": [1, "é"]}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert_inert(text)
    assert "\x9b" not in text and "\x7f" not in text
    assert json.loads(text) == value


# --- stored escape sequences through the CLI ------------------------------------------------
def test_stored_escapes_are_inert_in_run_call_stderr_and_audit(embedded_shell):
    created = embedded_shell("call", "notes.create_note", "--args", json.dumps({"title": EVIL}))
    assert created.code == 0, created.err
    assert_inert(created.out)

    listed = embedded_shell("call", "notes.list_notes")
    assert listed.code == 0, listed.err
    assert SHOWN in listed.out
    assert_inert(listed.out)

    ran = embedded_shell("run", "show my notes")
    assert ran.code == 0, ran.err
    assert SHOWN in ran.out
    assert_inert(ran.out + ran.err)

    as_json = embedded_shell("call", "notes.list_notes", "--json")
    assert_inert(as_json.out)
    assert [n["title"] for n in as_json.json["steps"][0]["data"]["notes"]] == [EVIL]

    audit = embedded_shell("audit")
    assert audit.code == 0
    assert_inert(audit.out)
    audit_json = embedded_shell("audit", "--json")
    assert_inert(audit_json.out)
    titles = [json.loads(r["args_json"]).get("title") for r in audit_json.json["rows"]]
    assert EVIL in titles

    bad = embedded_shell("call", "notes.\x1b[2Jwipe" + "\u202e", "--args", "{}")
    assert bad.code == 2
    assert "\\x1b[2Jwipe" in bad.err
    assert_inert(bad.err)


def test_diagnostics_lines_are_neutralised(capsys):
    from imperal_tui.headless import diagnostics

    diagnostics.error("title " + EVIL)
    diagnostics.hint("line one\n" + EVIL)
    err = capsys.readouterr().err
    assert SHOWN in err
    assert_inert(err)


# --- bad input exits 2 ----------------------------------------------------------------------
@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    return tmp_path / "home"


def nested(lists: int) -> str:
    """`--args` with `lists` nested lists inside the object: lists + 1 levels."""
    return '{"t": ' + "[" * lists + "]" * lists + "}"


def nothing_ran(home) -> bool:
    return not (home / "kernel.db").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["call", "notes.create_note", "--args", '{"title": "\\ud800"}'], "lone surrogate"),
        (["call", "notes.create_note", "--args", '{"\\udc80": 1}'], "lone surrogate"),
        (["run", "note \udcff here"], "lone surrogate"),
        (["deny", "card-1", "--reason", "no \udcff"], "lone surrogate"),
        (["call", "notes.create_note", "--args", nested(10_000)], "nested too deeply"),
        (["call", "notes.create_note", "--args", nested(100)], "nested too deeply"),
        (["call", "notes.list_notes", "--args", '{"limit": NaN}'], "not a JSON number"),
        (["call", "notes.list_notes", "--args", '{"limit": -Infinity}'], "not a JSON number"),
        (["call", "notes.list_notes", "--timeout", "inf"], "--timeout"),
        (["call", "notes.list_notes", "--timeout", "nan"], "--timeout"),
        (["call", "notes.list_notes", "--timeout", "-1"], "--timeout"),
        (["call", "notes.list_notes", "--timeout", "1e300"], "--timeout"),
        (["run", "hello", "--timeout", "0"], "--timeout"),
    ],
)
def test_bad_input_exits_2_and_runs_nothing(home, capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert nothing_ran(home)


def test_nesting_up_to_the_limit_is_accepted():
    from imperal_tui.headless.commands import parse_call_args

    value = parse_call_args(nested(99))  # 100 levels, the limit
    depth = 1
    inner = value["t"]
    while inner:
        inner, depth = inner[0], depth + 1
    assert depth == 99


def test_surrogates_from_a_text_stdin_are_refused(home, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("note \udcff"))
    assert main(["run", "-"]) == 2
    assert "lone surrogate" in capsys.readouterr().err
    assert nothing_ran(home)


@pytest.mark.parametrize(
    "argv", [["run", "-"], ["call", "notes.list_notes", "--args", "-"], ["run", "--plan", "-"]]
)
def test_invalid_utf8_on_stdin_exits_2(embedded_shell, argv):
    from tests.headless.conftest import SHELL

    proc = subprocess.run(
        [str(SHELL), *argv],
        input=b'{"limit": "\xff\xfe"}',
        capture_output=True,
        env=embedded_shell.env,
        timeout=60,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "not valid UTF-8 (byte 0xff" in err
    assert "Traceback" not in err
    assert proc.stdout == b""
    assert not (embedded_shell.home / "kernel.db").exists()


# --- a private data dir -------------------------------------------------------------------
def test_the_cli_makes_an_open_data_dir_private_and_says_so(home, capsys):
    home.mkdir()
    (home / "kernel.log").write_text("")
    os.chmod(home / "kernel.log", 0o644)
    os.chmod(home, 0o777)
    assert main(["call", "notes.list_notes"]) == 0
    err = capsys.readouterr().err
    assert "warning: made private" in err and f"{home} was 0777, now 0700" in err
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(home / "kernel.log").st_mode) == 0o600


def test_the_cli_refuses_another_users_data_dir(home, capsys, monkeypatch):
    from kernel import private_paths

    home.mkdir(mode=0o700)
    me = os.getuid()
    monkeypatch.setattr(private_paths.os, "getuid", lambda: me + 1)
    assert main(["call", "notes.list_notes"]) == 2
    err = capsys.readouterr().err
    assert "the data dir is not yours" in err and f"belongs to uid {me}" in err
    assert nothing_ran(home)


def test_argparse_errors_quote_arguments_neutralised(capsys):
    from imperal_tui import cli

    assert cli.main(["audit", "--bogus\x1b]0;pwned\x07"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b" in err
