"""`imperal-shell token create|list|revoke|verify` (in-process CLI): the token printed once,
never listed; expired, revoked and forged tokens refused; bad input exits 2, changes nothing."""

from __future__ import annotations

import io
import json

import jwt
import pytest

from imperal_tui import cli
from kernel import tokens
from kernel.config import KernelConfig


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SECRETS", "vault")
    return tmp_path


def shell(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def create(capsys, *extra):
    code, out, err = shell(capsys, "token", "create", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def listed(capsys):
    code, out, _ = shell(capsys, "token", "list", "--json")
    assert code == 0
    return json.loads(out)["tokens"]


def verify(capsys, monkeypatch, token):
    return shell(capsys, "token", "verify", stdin=token + "\n", monkeypatch=monkeypatch)


def test_create_prints_the_token_once_and_list_never_shows_it(home, capsys, monkeypatch):
    code, out, err = shell(capsys, "token", "create", "--user", "alice", "--ttl", "2h")
    token = out.strip()
    assert code == 0 and out.count("\n") == 1 and token.count(".") == 2
    assert "alice" in err and "shown only now" in err
    rows = listed(capsys)
    assert [(r["user"], r["state"], r["revoked"]) for r in rows] == [("alice", "active", None)]
    assert token not in json.dumps(rows)
    code, text, _ = shell(capsys, "token", "list")
    assert code == 0 and rows[0]["id"] in text and "active" in text and token not in text
    code, out, _ = verify(capsys, monkeypatch, token)
    assert code == 0 and "alice" in out


def test_create_defaults_to_the_login_user_and_eight_hours(home, capsys):
    info = create(capsys)
    assert info["user"] == cli.default_user() and info["token"]
    lifetime = tokens.find(KernelConfig.load().db_path, info["id"])
    assert lifetime.expires - lifetime.created == 8 * 3600


def test_revoke_then_verify_refuses(home, capsys, monkeypatch):
    info = create(capsys, "--user", "bob")
    code, out, _ = shell(capsys, "token", "revoke", info["id"])
    assert code == 0 and f"revoked {info['id']}" in out
    assert listed(capsys)[0]["state"] == "revoked"
    code, _, err = verify(capsys, monkeypatch, info["token"])
    assert code == 1 and "revoked at" in err
    code, out, _ = shell(capsys, "token", "revoke", info["id"])
    assert code == 0 and "already revoked" in out


def test_revoke_an_unknown_id_exits_1(home, capsys):
    create(capsys)
    code, _, err = shell(capsys, "token", "revoke", "0123456789abcdef")
    assert code == 1 and "no token 0123456789abcdef" in err
    assert listed(capsys)[0]["state"] == "active"


def test_expired_token_is_listed_as_expired_and_refused(home, capsys, monkeypatch):
    config = KernelConfig.load()
    create(capsys)  # makes the key
    key = tokens.signing_key(config.data_dir, config.config_dir, create=False)
    old = tokens.issue(config.db_path, key, "carol", 60, now=1_000_000_000)
    assert {r["id"]: r["state"] for r in listed(capsys)}[old.record.id] == "expired"
    code, _, err = verify(capsys, monkeypatch, old.token)
    assert code == 1 and "expired at 2001-09-09" in err


def test_forged_tokens_are_refused(home, capsys, monkeypatch):
    info = create(capsys, "--user", "alice")
    claims = jwt.decode(info["token"], options={"verify_signature": False})
    for forged in (
        jwt.encode({**claims, "sub": "admin"}, b"x" * 32, algorithm="HS256"),
        jwt.encode(claims, b"x" * 32, algorithm="HS256"),
    ):
        code, out, err = verify(capsys, monkeypatch, forged)
        assert code == 1 and "signature does not verify" in err and out == ""
    code, _, err = verify(capsys, monkeypatch, "not a token")
    assert code == 1 and "malformed" in err


def test_verify_without_any_key_says_so(home, capsys, monkeypatch):
    code, out, err = shell(
        capsys, "token", "verify", "--json", stdin="a.b.c", monkeypatch=monkeypatch
    )
    assert code == 1 and json.loads(out)["ok"] is False and "no token was ever issued" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["token", "create", "--ttl", "0"],
        ["token", "create", "--ttl", "inf"],
        ["token", "create", "--ttl", "31d"],
        ["token", "create", "--ttl", "-1h"],
        ["token", "create", "--user", "a b"],
        ["token", "create", "--user", "evil\x1b[2J"],
        ["token", "create", "--user", ""],
        ["token", "revoke"],
        ["token", "revoke", "../../etc"],
        ["token", "list", "0123456789abcdef"],
        ["token", "destroy"],
    ],
    ids=repr,
)
def test_bad_input_exits_2_and_changes_nothing(home, capsys, argv):
    code, out, err = shell(capsys, *argv)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "\x1b" not in err
    assert listed(capsys) == []


def test_no_token_for_a_profile_that_may_not_act(home, capsys):
    (home / "config.toml").write_text('[users.alice]\nrole = "viewer"\n')
    code, _out, err = shell(capsys, "token", "create", "--user", "mallory")
    assert code == 2 and "not listed" in err and "no token was issued" in err
    assert listed(capsys) == []
    assert create(capsys, "--user", "alice")["user"] == "alice"
