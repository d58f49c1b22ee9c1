"""Session tokens: how a client that does not come through the private socket (the browser-served
TUI, `imperal-shell web`) proves which profile it acts as.

A token is a JWT signed with HS256 under a 32-byte key kept in the secrets store (the OS
keyring, else the encrypted vault; kernel/anchor.py `load_key`, owner `imperal-shell`), never in
the database or config.toml. Its claims: `sub` the user (profile), `jti` the token id, `iat`,
`exp`, a fixed issuer and audience. The database keeps one row per token issued (table
`session_tokens`, kernel/migrations.py): id, user, created, expires, revoked; never the token itself, so
a copy of the database cannot be used to log in, and `list` cannot print tokens.

A token is accepted only when all hold: the signature verifies under the key (a token signed
with another key, or `alg: none`, is forged), the claims are complete, it has not expired, its
id is a row of this data dir's table with the same user (a token from another data dir or one
whose row is gone is unknown), and that row is not revoked. Each refusal is a `TokenRejected`
whose message says which of these failed, without echoing the token.

Profiles are roles, not authentication (the OS user owns the data dir): a token stands for
"the owner of this data dir let this client act as USER until EXPIRES".
"""

from __future__ import annotations

import re
import secrets as _random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt

from kernel import anchor
from kernel.loop import run_from_sync
from kernel.migrations import MIGRATIONS

KEY_NAME = "SESSION_TOKEN_KEY"
ISSUER = "imperal-shell"
AUDIENCE = "imperal-shell:session"
ALGORITHM = "HS256"
# the schema version that has `session_tokens` (found, not hard-coded: migrations merge in order)
SCHEMA_VERSION = next(
    number
    for number, script in enumerate(MIGRATIONS, start=1)
    if "CREATE TABLE session_tokens" in script
)
DEFAULT_TTL_S = 8 * 3600
MAX_TTL_S = 30 * 86400
MAX_TOKEN_CHARS = 4096
CLOCK_SKEW_S = 60
_TTL = re.compile(r"([0-9]{1,9})([smhd]?)")  # ASCII digits only
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_ID = re.compile(r"[0-9a-f]{16}")
_COLUMNS = "id, user_id, created_at, expires_at, revoked_at"


class TokenRejected(Exception):
    """The token may not open a session; the message says why (never the token)."""


class TokenNotFound(LookupError):
    """No token with this id was issued in this data dir."""


@dataclass(frozen=True)
class TokenRecord:
    """What the database knows of one issued token (times are Unix seconds)."""

    id: str
    user: str
    created: float
    expires: float
    revoked: float | None = None

    def state(self, now: float | None = None) -> str:
        """ "revoked", "expired" or "active"."""
        if self.revoked is not None:
            return "revoked"
        return "expired" if self.expires <= _now(now) else "active"

    def as_json(self, now: float | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "user": self.user,
            "created": iso(self.created),
            "expires": iso(self.expires),
            "revoked": iso(self.revoked) if self.revoked is not None else None,
            "state": self.state(now),
        }


@dataclass(frozen=True)
class Issued:
    """A new token (shown once) and its record."""

    token: str
    record: TokenRecord


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- input ---------------------------------------------------------------------------------
def parse_ttl(text: str) -> int:
    """A lifetime in seconds from `90`, `45s`, `30m`, `8h` or `7d` (1 second to 30 days);
    ValueError naming the problem otherwise."""
    match = _TTL.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"--ttl {text!r} is not a duration like 30m, 8h or 7d")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if not 1 <= seconds <= MAX_TTL_S:
        raise ValueError(f"--ttl {text!r} must be between 1s and {MAX_TTL_S // 86400}d")
    return seconds


def check_user(name: str) -> str:
    """A profile name a token can carry: 1-64 of letters, digits, `.`, `_`, `@`, `-`."""
    if not isinstance(name, str) or not _USER.fullmatch(name):
        raise ValueError(
            f"user {name!r} is not a profile name (1-64 letters, digits, '.', '_', '@', '-')"
        )
    return name


def check_id(token_id: str) -> str:
    if not isinstance(token_id, str) or not _ID.fullmatch(token_id):
        raise ValueError(f"{token_id!r} is not a token id (16 hex digits, see `token list`)")
    return token_id


# --- the key -------------------------------------------------------------------------------
async def load_key(secrets: Any, *, create: bool) -> bytes | None:
    """The signing key from the secrets store; a new one when absent and `create`."""
    return await anchor.load_key(secrets, create=create, name=KEY_NAME)


def signing_key(data_dir: Path, config_dir: Path, *, create: bool) -> bytes | None:
    """`load_key` from sync code (the CLI, the web server's start)."""
    from kernel.services.secrets import SecretsService

    return run_from_sync(load_key(SecretsService(data_dir, config_dir), create=create))


# --- the table -----------------------------------------------------------------------------
def _schema_version(db_path: Path) -> int:
    if not Path(db_path).exists():
        return 0
    conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def ensure_schema(db_path: Path) -> None:
    """Create or migrate the database when it predates the tokens table (a kernel of this
    version that is running has migrated it already, so this opens it only when none is)."""
    if _schema_version(db_path) >= SCHEMA_VERSION:
        return
    from kernel.db import Database

    async def migrate() -> None:
        db = await Database.open(Path(db_path))
        await db.close()

    run_from_sync(migrate())  # also from inside an event loop (then on a thread)


def _connect(db_path: Path, *, write: bool) -> sqlite3.Connection:
    if not write:
        uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=5.0)
    return sqlite3.connect(db_path, timeout=5.0)


def _record(row: tuple) -> TokenRecord:
    return TokenRecord(row[0], row[1], float(row[2]), float(row[3]), row[4])


def _select(db_path: Path, where: str = "", params: tuple = ()) -> list[TokenRecord]:
    """Rows of `session_tokens`, newest first: none when there is no database or table yet
    (one read-only connection, no schema probe: every page load pays for this)."""
    sql = f"SELECT {_COLUMNS} FROM session_tokens {where} ORDER BY created_at DESC, id"
    try:
        conn = _connect(db_path, write=False)
    except sqlite3.OperationalError:
        return []  # no database file
    try:
        return [_record(r) for r in conn.execute(sql, params)]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc) or "unable to open" in str(exc):
            return []
        raise
    finally:
        conn.close()


def records(db_path: Path) -> list[TokenRecord]:
    """Every token issued here, newest first."""
    return _select(db_path)


def find(db_path: Path, token_id: str) -> TokenRecord | None:
    found = _select(db_path, "WHERE id = ?", (token_id,))
    return found[0] if found else None


# --- issue, revoke, verify -----------------------------------------------------------------
def issue(db_path: Path, key: bytes, user: str, ttl_s: int, *, now: float | None = None) -> Issued:
    """Sign a token for `user` valid `ttl_s` seconds and record it (ValueError on bad input)."""
    check_user(user)
    if not isinstance(ttl_s, int) or not 1 <= ttl_s <= MAX_TTL_S:
        raise ValueError(f"the lifetime must be 1 to {MAX_TTL_S} seconds, got {ttl_s!r}")
    ensure_schema(db_path)
    created = float(int(_now(now)))
    record = TokenRecord(_random.token_hex(8), user, created, created + ttl_s)
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": user,
        "jti": record.id,
        "iat": int(record.created),
        "exp": int(record.expires),
    }
    token = jwt.encode(claims, key, algorithm=ALGORITHM)
    conn = _connect(db_path, write=True)
    try:
        with conn:
            conn.execute(
                f"INSERT INTO session_tokens ({_COLUMNS}) VALUES (?, ?, ?, ?, NULL)",
                (record.id, record.user, record.created, record.expires),
            )
    finally:
        conn.close()
    return Issued(token, record)


def revoke(db_path: Path, token_id: str, *, now: float | None = None) -> tuple[TokenRecord, bool]:
    """Revoke a token by id: (its record, whether this call revoked it; False when it already
    was). TokenNotFound when no such token was issued here; ValueError for a malformed id."""
    check_id(token_id)
    if _schema_version(db_path) < SCHEMA_VERSION:
        raise TokenNotFound(f"no token {token_id} (none issued in this data dir)")
    conn = _connect(db_path, write=True)
    try:
        with conn:
            changed = conn.execute(
                "UPDATE session_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (_now(now), token_id),
            ).rowcount
    finally:
        conn.close()
    record = find(db_path, token_id)
    if record is None:
        raise TokenNotFound(f"no token {token_id} (see `imperal-shell token list`)")
    return record, bool(changed)


def verify(
    db_path: Path, key: bytes, token: str, *, now: float | None = None, directory: Any = None
) -> TokenRecord:
    """The record of a token that may open a session now; TokenRejected saying why not.
    With `directory` (kernel.authz.Directory, config.toml as it is now), a token whose user
    is no longer a profile there is rejected too."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        raise TokenRejected("the token is missing or malformed")
    if not token.isascii():
        raise TokenRejected("the token is malformed")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={
                "verify_exp": False,  # checked below against `now`, as is `iat`
                "verify_iat": False,
                "require": ["sub", "jti", "iat", "exp"],
            },
        )
    except jwt.InvalidSignatureError:
        raise TokenRejected(
            "the token's signature does not verify (forged or from elsewhere)"
        ) from None
    except jwt.InvalidAlgorithmError:
        raise TokenRejected("the token is not signed with HS256 (forged)") from None
    except jwt.DecodeError:
        raise TokenRejected("the token is malformed") from None
    except jwt.InvalidTokenError as exc:
        raise TokenRejected(f"the token is invalid ({type(exc).__name__})") from None
    sub, jti, exp, iat = (claims.get(k) for k in ("sub", "jti", "exp", "iat"))
    if not (isinstance(sub, str) and isinstance(jti, str)) or not all(
        isinstance(t, int | float) for t in (exp, iat)
    ):
        raise TokenRejected("the token's claims are malformed")
    when = _now(now)
    if iat > when + CLOCK_SKEW_S:
        raise TokenRejected(f"the token claims to be issued in the future ({iso(iat)})")
    if exp <= when:
        raise TokenRejected(f"the token expired at {iso(exp)}")
    record = find(db_path, jti) if _ID.fullmatch(jti) else None
    if record is None or record.user != sub:
        raise TokenRejected("the token was not issued in this data dir (unknown id)")
    if record.revoked is not None:
        raise TokenRejected(f"the token was revoked at {iso(record.revoked)}")
    if record.expires <= when:
        raise TokenRejected(f"the token expired at {iso(record.expires)}")
    if directory is not None:
        from kernel.authz import UnknownUser

        try:
            directory.profile(record.user)
        except UnknownUser:
            raise TokenRejected(
                f"the token's user {record.user} is no longer a profile ([users] of config.toml)"
            ) from None
    return record
