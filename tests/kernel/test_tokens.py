"""Session tokens (kernel/tokens.py): signed, bound to a user, expiring, revocable, unknown
outside the data dir that issued them; the token itself never stored."""

from __future__ import annotations

import sqlite3

import jwt
import pytest

from kernel import tokens
from kernel.services.secrets import SecretsService

KEY = bytes(range(32))
NOW = 1_900_000_000.0


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture
def db(tmp_path):
    return tmp_path / "kernel.db"


def test_issued_token_verifies_as_its_user(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    record = tokens.verify(db, KEY, issued.token, now=NOW + 10)
    assert record == issued.record
    assert (record.user, record.expires - record.created) == ("alice", 3600)
    assert record.state(NOW) == "active"


def test_the_token_itself_is_not_in_the_database(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert issued.record.id in dump
    assert issued.token not in dump and issued.token.split(".")[2] not in dump


def test_expired_token_is_rejected(db):
    issued = tokens.issue(db, KEY, "alice", 60, now=NOW)
    with pytest.raises(tokens.TokenRejected, match="expired at"):
        tokens.verify(db, KEY, issued.token, now=NOW + 60)
    assert tokens.find(db, issued.record.id).state(NOW + 61) == "expired"


def test_revoked_token_is_rejected_and_revoking_twice_says_so(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    record, changed = tokens.revoke(db, issued.record.id, now=NOW + 5)
    assert changed and record.revoked == NOW + 5 and record.state() == "revoked"
    with pytest.raises(tokens.TokenRejected, match="revoked at"):
        tokens.verify(db, KEY, issued.token, now=NOW + 6)
    assert tokens.revoke(db, issued.record.id, now=NOW + 7) == (record, False)


def test_revoke_refuses_unknown_and_malformed_ids(db):
    with pytest.raises(tokens.TokenNotFound):
        tokens.revoke(db, "0123456789abcdef")
    tokens.issue(db, KEY, "alice", 60, now=NOW)
    with pytest.raises(tokens.TokenNotFound):
        tokens.revoke(db, "0123456789abcdef")
    with pytest.raises(ValueError, match="not a token id"):
        tokens.revoke(db, "'; DROP TABLE session_tokens; --")
    assert len(tokens.records(db)) == 1


def test_forged_tokens_are_rejected(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    claims = _claims(issued.token)
    other_key = jwt.encode(claims, b"k" * 32, algorithm="HS256")
    as_admin = jwt.encode({**claims, "sub": "admin"}, b"k" * 32, algorithm="HS256")
    unsigned = jwt.encode(claims, None, algorithm="none")
    header, payload, signature = issued.token.split(".")
    tampered = ".".join((header, payload, signature[:-4] + "AAAA"))
    for forged in (other_key, as_admin, tampered):
        with pytest.raises(tokens.TokenRejected, match="signature does not verify"):
            tokens.verify(db, KEY, forged, now=NOW)
    with pytest.raises(tokens.TokenRejected, match="forged|malformed"):
        tokens.verify(db, KEY, unsigned, now=NOW)


def test_a_validly_signed_token_unknown_here_is_rejected(db):
    """Same key, but an id this data dir never issued (or another user than the row's)."""
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    claims = _claims(issued.token)
    for changed in ({"jti": "f" * 16}, {"sub": "bob"}, {"jti": "../etc"}):
        token = jwt.encode({**claims, **changed}, KEY, algorithm="HS256")
        with pytest.raises(tokens.TokenRejected, match="not issued in this data dir"):
            tokens.verify(db, KEY, token, now=NOW)


@pytest.mark.parametrize("bad", ["", "x", "a.b.c", "é" * 10, "x" * 5000, None, 42], ids=repr)
def test_malformed_tokens_are_rejected(db, bad):
    tokens.issue(db, KEY, "alice", 3600, now=NOW)
    with pytest.raises(tokens.TokenRejected, match="missing|malformed"):
        tokens.verify(db, KEY, bad, now=NOW)


def test_claims_missing_or_wrong_audience_are_rejected(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW)
    claims = _claims(issued.token)
    no_exp = {k: v for k, v in claims.items() if k != "exp"}
    for bad in (no_exp, {**claims, "aud": "something-else"}, {**claims, "iss": "x"}):
        with pytest.raises(tokens.TokenRejected, match="invalid"):
            tokens.verify(db, KEY, jwt.encode(bad, KEY, algorithm="HS256"), now=NOW)


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("45s", 45), ("30m", 1800), ("8h", 28800), ("7d", 604800)]
)
def test_parse_ttl(text, seconds):
    assert tokens.parse_ttl(text) == seconds


@pytest.mark.parametrize("text", ["0", "0h", "-1h", "inf", "1.5h", "8 hours", "31d", "", "h"])
def test_parse_ttl_refuses_bad_durations(text):
    with pytest.raises(ValueError, match="--ttl"):
        tokens.parse_ttl(text)


@pytest.mark.parametrize("user", ["", " alice", "a b", "al\x1bice", "-x", "a" * 65, "ü"])
def test_issue_refuses_bad_users_and_records_nothing(db, user):
    with pytest.raises(ValueError, match="not a profile name"):
        tokens.issue(db, KEY, user, 60)
    assert tokens.records(db) == []


def test_records_newest_first_and_empty_before_any_database(db):
    assert tokens.records(db) == []
    first = tokens.issue(db, KEY, "alice", 60, now=NOW)
    second = tokens.issue(db, KEY, "bob", 60, now=NOW + 1)
    assert [r.id for r in tokens.records(db)] == [second.record.id, first.record.id]
    assert first.record.as_json(NOW)["created"] == tokens.iso(NOW)


async def test_the_signing_key_lives_in_the_secrets_store(tmp_path):
    secrets = SecretsService(tmp_path, backend="vault")
    assert await tokens.load_key(secrets, create=False) is None
    key = await tokens.load_key(secrets, create=True)
    assert len(key) == 32 and await tokens.load_key(secrets, create=False) == key
    assert key.hex() not in (tmp_path / "secrets.vault").read_bytes().decode("latin-1")


def test_a_token_issued_in_the_future_is_rejected(db):
    issued = tokens.issue(db, KEY, "alice", 3600, now=NOW + 600)
    with pytest.raises(tokens.TokenRejected, match="issued in the future"):
        tokens.verify(db, KEY, issued.token, now=NOW)
