"""`--user` picks a profile of config.toml's [users]: a call its role lacks the scope for exits
4 naming the scope (on stderr and in the --json envelope), an unlisted user exits 4, and a bad
[users] table exits 2 naming it; nothing runs in any of these cases."""

from __future__ import annotations

import json

import pytest

from imperal_tui.cli import main

CONFIG = '[users.vic]\nrole = "viewer"\n\n[users.uma]\nrole = "user"\n'


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(home))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    (home / "config.toml").write_text(CONFIG)
    return home


def notes_of(user: str, capsys) -> list[str]:
    assert main(["call", "--user", user, "--json", "notes.list_notes"]) == 0
    data = json.loads(capsys.readouterr().out)
    return [n["title"] for n in data["steps"][0]["data"]["notes"]]


def test_a_call_without_the_scope_exits_4_naming_it(home, capsys):
    argv = ["call", "--user", "vic", "notes.create_note", "--args", '{"title": "Keep"}']
    assert main(argv) == 4
    captured = capsys.readouterr()
    assert "needs scope notes.write, which vic (role viewer) does not hold" in captured.err
    assert "Traceback" not in captured.err
    assert notes_of("vic", capsys) == []


def test_the_json_envelope_says_denied(home, capsys):
    argv = ["call", "--user", "vic", "--json", "notes.create_note", "--args", '{"title": "K"}']
    assert main(argv) == 4
    envelope = json.loads(capsys.readouterr().out)
    assert (envelope["status"], envelope["exit_code"]) == ("denied", 4)
    (error,) = envelope["errors"]
    assert error["code"] == "forbidden" and "notes.write" in error["message"]
    assert main(["audit", "--json", "--user", "vic"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["function"], r["status"]) for r in rows] == [("create_note", "denied")]


def test_chat_without_the_scope_exits_4(home, capsys):
    assert main(["run", "--user", "vic", "create a note titled Keep"]) == 4
    assert "notes.write" in capsys.readouterr().err
    argv = ["call", "--user", "uma", "notes.create_note", "--args", '{"title": "Mine"}']
    assert main(argv) == 0
    capsys.readouterr()
    assert notes_of("uma", capsys) == ["Mine"]


def test_an_unlisted_user_exits_4(home, capsys):
    assert main(["call", "--user", "mallory", "notes.list_notes"]) == 4
    err = capsys.readouterr().err
    assert "user 'mallory' is not listed in [users] of config.toml" in err


def test_a_bad_users_table_exits_2_naming_it(home, capsys):
    (home / "config.toml").write_text('[users.vic]\nrole = "boss"\n')
    assert main(["call", "--user", "vic", "notes.list_notes"]) == 2
    err = capsys.readouterr().err
    assert "[users.vic] role = 'boss'" in err and "Traceback" not in err
    assert not (home / "kernel.db").exists()


def test_a_resident_kernel_enforces_the_same_and_follows_config_changes(resident_shell):
    resident_shell.home.mkdir(parents=True, exist_ok=True)
    (resident_shell.home / "config.toml").write_text(CONFIG)
    create = ("call", "notes.create_note", "--args", '{"title": "K"}')
    denied = resident_shell(*create, "--user", "vic")
    assert denied.code == 4 and "needs scope notes.write" in denied.err, denied.err
    denied.assert_clean_stderr()
    assert resident_shell(*create, "--user", "uma").code == 0
    (resident_shell.home / "config.toml").write_text('[users.vic]\nrole = "user"\n')
    assert resident_shell(*create, "--user", "vic").code == 0  # a new kernel, the new roles
    assert resident_shell(*create, "--user", "uma").code == 4


def test_no_one_may_pick_the_system_context(home, capsys):
    assert main(["call", "--user", "__system__", "notes.list_notes"]) == 2
    assert "'__system__' is reserved for the kernel" in capsys.readouterr().err
    assert not (home / "kernel.db").exists()
