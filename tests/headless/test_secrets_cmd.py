"""`imperal-shell secrets` in-process: set from stdin, list without values, delete, the
passphrase, and bad input that exits 2 changing nothing."""

from __future__ import annotations

import io
import json
import sys

import pytest

from imperal_tui.cli import main
from kernel.services.vault import PASSPHRASE_ENV

VALUE = "value-of-the-secret-42"


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(home))
    monkeypatch.setenv("IMPERAL_SHELL_SECRETS", "vault")
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return home


def run(capsys, monkeypatch, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_list_delete_round_trip(home, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "secrets", "set", "MY_TOKEN", stdin=VALUE + "\n")
    assert code == 0, err
    assert VALUE not in out + err and "vault" in out
    code, out, _ = run(capsys, monkeypatch, "secrets", "list", "--json")
    rows = json.loads(out)["secrets"]
    assert [r["name"] for r in rows if r["set"]] == ["MY_TOKEN"] and VALUE not in out
    # the shell's API keys are offered even when not set
    assert {"OPENAI_API_KEY", "ANTHROPIC_API_KEY"} <= {r["name"] for r in rows if not r["set"]}
    code, out, _ = run(capsys, monkeypatch, "secrets", "delete", "MY_TOKEN")
    assert code == 0 and "deleted" in out
    code, out, _ = run(capsys, monkeypatch, "secrets", "delete", "MY_TOKEN")
    assert code == 1 and "not stored" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "needle"),
    [
        (("secrets", "set", "EMPTY"), "\n", "no value"),
        (("secrets", "set", "NUL"), "a\x00b\n", "NUL"),
        # invalid UTF-8 on a real stdin decodes to lone surrogates (surrogateescape)
        (("secrets", "set", "BADUTF8"), "ab\udcff\udcfecd\n", "not valid Unicode"),
        (("secrets", "set", "HUGE"), "x" * 70000 + "\n", "longer than"),
        (("secrets", "set", "bad name"), "x\n", "not a secret name"),
        (("secrets", "set", "LEDGER_HMAC_KEY"), "x\n", "kernel's own"),
        (("secrets", "delete", "LEDGER_HMAC_KEY"), "", "kernel's own"),
        (("secrets", "set", "--app", "nosuch", "token"), "x\n", "no extension 'nosuch'"),
        (("secrets", "set", "--app", "notes", "token"), "x\n", "declares no secret"),
        (("secrets", "passphrase"), "short\n", "at least"),
        (("secrets", "passphrase"), "abc\udcffdefghijklmnop-long\n", "not valid Unicode"),
        (("secrets", "frobnicate"), "", "invalid choice"),
    ],
)
def test_bad_input_exits_2_and_stores_nothing(home, capsys, monkeypatch, argv, stdin, needle):
    code, _out, err = run(capsys, monkeypatch, *argv, stdin=stdin)
    assert code == 2, err
    assert needle in err
    code, out, _ = run(capsys, monkeypatch, "secrets", "list", "--json")
    assert [r for r in json.loads(out)["secrets"] if r["set"]] == []


def test_passphrase_locks_the_vault_and_the_env_opens_it(home, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "secrets", "set", "K", stdin=VALUE + "\n")[0] == 0
    code, out, err = run(capsys, monkeypatch, "secrets", "passphrase", stdin="a long passphrase\n")
    assert code == 0, err
    assert "locked" in out
    assert not (home / "vault.key").exists()
    code, _out, err = run(capsys, monkeypatch, "secrets", "list")
    assert code == 1 and PASSPHRASE_ENV in err  # locked: it says how to open it
    monkeypatch.setenv(PASSPHRASE_ENV, "a long passphrase")
    code, out, _ = run(capsys, monkeypatch, "secrets", "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)["secrets"] if r["set"]] == ["K"]


def test_text_output_neutralises_escapes_in_stored_names(home, capsys, monkeypatch):
    from imperal_tui.headless import secrets_cmd

    rows = [{"app": "x\x1b]0;pwn\x07", "name": "n\x1b[2J", "user": "u", "set": True,
             "declared": True}]  # fmt: skip
    monkeypatch.setattr("kernel.services.secrets_listing.rows", lambda *a, **k: rows)
    monkeypatch.setattr(secrets_cmd, "_extensions_or_none", lambda config: None)
    code, out, _err = run(capsys, monkeypatch, "secrets", "list")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
