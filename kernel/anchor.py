"""The ledger's anchor: what lives outside the database so tampering with the file shows.

- The **key**: 32 random bytes in the secrets store (OS keyring, else the encrypted vault),
  owned by the kernel itself (kernel/llm/keys.py OWNER), created on the first start. Every row
  since is hashed with HMAC-SHA256 under it (kernel/ledger.py), so someone with only the
  database cannot forge a row or re-chain edited history with plain hashes.
- The **head**: `<data_dir>/ledger.head` (mode 0600), the row count and the newest row's id
  and hash, plus where the keyed chain starts, MACed with the key; rewritten atomically (temp
  file, fsync, rename) after each commit. Deleting the newest rows shows as rows missing.

Databases from before: on the first start with a non-empty ledger and no head, the kernel
appends an anchor row (`imperal-shell` / `ledger.anchor`, keyed) recording the plain-hash
history it found; rows before it keep their plain hashes, every row from it on is keyed.

A head file that is missing while the ledger has rows fails verification. At start, the
kernel then re-anchors (an anchor row whose arguments say the head was missing) and logs a
warning, so writing goes on; the loss stays in the ledger. A crash between a commit and the
head write leaves the head one batch behind, which verifies (the newer rows are keyed).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets as _random
import tempfile
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

from kernel import ledger
from kernel.canonical import canonical_json
from kernel.llm.keys import OWNER
from kernel.loop import run_from_sync

_log = logging.getLogger("kernel.anchor")

HEAD_FILE = "ledger.head"
KEY_NAME = "LEDGER_HMAC_KEY"
APP_ID, FUNCTION = "imperal-shell", "ledger.anchor"
_NEWEST = "SELECT id, row_hash FROM ledger ORDER BY id DESC LIMIT 1"


class HeadInvalid(Exception):
    """The head file exists but is unreadable or its MAC does not match the key."""


def _mac(key: bytes, fields: dict[str, Any]) -> str:
    return hmac.new(key, canonical_json(fields).encode(), hashlib.sha256).hexdigest()


def read_head(path: Path, key: bytes | None) -> ledger.Head | None:
    """The head in `path` (None when there is no file); HeadInvalid when it is corrupt or,
    given the key, its MAC does not match."""
    try:
        raw = json.loads(path.read_bytes())
        fields = {k: raw[k] for k in ("count", "last_id", "row_hash", "keyed_from")}
        mac = raw["mac"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HeadInvalid(f"{path} is unreadable: {type(exc).__name__}") from None
    if key is not None and not hmac.compare_digest(_mac(key, fields), str(mac)):
        raise HeadInvalid(f"{path} does not match the ledger key (edited or replaced)")
    return ledger.Head(**fields)


def write_head(path: Path, key: bytes, head: ledger.Head) -> None:
    """Replace the head file atomically: a private temp file, fsync, rename. The directory is
    not fsync'd: after a crash the rename may be lost, leaving the previous head, which
    verifies (the rows after it are keyed); that saves an fsync per commit."""
    fields = {
        "count": head.count,
        "last_id": head.last_id,
        "row_hash": head.row_hash,
        "keyed_from": head.keyed_from,
    }
    data = json.dumps({**fields, "mac": _mac(key, fields)}, sort_keys=True).encode()
    fd, tmp = tempfile.mkstemp(prefix=".ledger.head.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


class Anchor:
    """The writer's side: the key rows are hashed with, and the head, advanced after each
    commit. kernel/db.py calls `advance_later` from the writer thread: the head is written on
    a thread of its own, the newest pending head only, so an action's reply does not wait for
    the head's fsync (a head behind the committed rows still verifies). `wait()` returns once
    the head is up to date (the database calls it when it closes)."""

    def __init__(self, key: bytes, path: Path, keyed_from: int):
        self.key = key
        self.path = path
        self.keyed_from = keyed_from
        self._lock = threading.Lock()
        self._pending: tuple[int, str] | None = None
        self._writer: threading.Thread | None = None

    def advance(self, last_id: int, row_hash: str) -> None:
        """Record the newest committed row now. A failed write is logged, not raised: the rows
        are committed, and verification will name the head as behind or missing."""
        head = ledger.Head(last_id, last_id, row_hash, self.keyed_from)
        try:
            write_head(self.path, self.key, head)
        except OSError as exc:
            _log.warning("ledger head not written: %s", exc)

    def advance_later(self, last_id: int, row_hash: str) -> None:
        with self._lock:
            self._pending = (last_id, row_hash)
            if self._writer is not None:
                return  # the running writer picks the newest pending head up
            self._writer = threading.Thread(target=self._flush, name="ledger-head", daemon=True)
            self._writer.start()

    def _flush(self) -> None:
        while True:
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._writer = None
                    return
            self.advance(*pending)

    def wait(self) -> None:
        """Block until every head handed to `advance_later` is written."""
        while True:
            with self._lock:
                writer = self._writer
            if writer is None:
                return
            writer.join()


async def verify_db(db: Any, secrets: Any, data_dir: Path) -> ledger.Verdict:
    """Verify `db`'s ledger against the key and head: the walk runs on a thread of its own
    with a read-only connection (head read first, then one snapshot; writers never wait and
    the event loop is not held for the hashing)."""
    try:
        key = await load_key(secrets, create=False)
    except Exception as exc:
        return ledger.Verdict(
            False, 0, None, f"the ledger key is unavailable ({type(exc).__name__})"
        )
    return await asyncio.to_thread(verify_path, db.path, key, Path(data_dir) / HEAD_FILE)


async def load_key(secrets: Any, *, create: bool, name: str = KEY_NAME) -> bytes | None:
    """A kernel key (the ledger's by default) from the secrets store; a new one when absent
    and `create`."""
    stored = await secrets.get(*OWNER, name)
    if stored:
        return bytes.fromhex(stored)
    if not create:
        return None
    key = _random.token_bytes(32)
    await secrets.set(*OWNER, name, key.hex())
    return key


async def attach(db: Any, secrets: Any, data_dir: Path) -> Anchor | None:
    """Make `db` write a keyed, anchored chain; None (plain chain, a warning logged) when the
    secrets store cannot hold the key. Migrates an unanchored ledger with an anchor row."""
    try:
        existing = await load_key(secrets, create=False)
        key = existing or await load_key(secrets, create=True)
    except Exception as exc:  # a locked keyring must not stop the kernel
        _log.warning("ledger not anchored: the secrets store failed (%s)", type(exc).__name__)
        return None
    path = Path(data_dir) / HEAD_FILE
    try:
        head = read_head(path, key)
    except HeadInvalid as exc:
        _log.warning("ledger head: %s", exc)
        head = None
        reason = "head file invalid"
    else:
        reason = "head file missing"
    async with db.read() as conn, conn.execute(_NEWEST) as cur:
        last = await cur.fetchone()
    last_id, last_hash = (last[0], last[1]) if last else (0, ledger.GENESIS)
    if head is not None:
        db.anchor = Anchor(key, path, head.keyed_from)
        return db.anchor
    anchor = Anchor(key, path, last_id + 1)
    db.anchor = anchor
    if last_id == 0:  # a new ledger: keyed from its first row
        anchor.advance(0, ledger.GENESIS)
        return anchor
    if existing is not None:  # this data dir's ledger was anchored: its head is gone
        _log.warning("ledger %s; re-anchored after row %d", reason, last_id)
    else:
        reason = "plain-hash ledger anchored"
    args = {"reason": reason, "previous_rows": last_id, "previous_hash": last_hash}
    now = ledger.utcnow()
    await db.commit(None, _anchor_entry(args, now))
    return anchor


def _anchor_entry(args: dict[str, Any], now: str) -> ledger.LedgerEntry:
    return ledger.LedgerEntry(
        user_id="", tenant_id="default", app_id=APP_ID, function=FUNCTION,
        action_type="write", source="kernel", args_json=canonical_json(args), status="ok",
        started_at=now, ended_at=now,
    )  # fmt: skip


def verify_file(db_path: Path, data_dir: Path, config_dir: Path) -> ledger.Verdict:
    """Verify a data dir's ledger from outside the kernel (the `audit verify` command): the
    key from the secrets store, the head file, then one read-only snapshot of the database.
    A read-only WAL reader never blocks the kernel's writer."""
    from kernel.services.secrets import SecretsService

    if not Path(db_path).exists():
        return ledger.Verdict(False, 0, None, f"there is no database at {db_path}")
    try:
        key = run_from_sync(load_key(SecretsService(data_dir, config_dir), create=False))
    except Exception as exc:
        return ledger.Verdict(
            False, 0, None, f"the ledger key is unavailable ({type(exc).__name__})"
        )
    return verify_path(Path(db_path), key, Path(data_dir) / HEAD_FILE)


def verify_path(db_path: Path, key: bytes | None, head_path: Path) -> ledger.Verdict:
    """The walk itself (sync): the head file first, then one read-only snapshot."""
    import sqlite3

    try:
        head = read_head(head_path, key)
    except HeadInvalid as exc:
        return ledger.Verdict(False, 0, None, str(exc))
    try:
        conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return ledger.Verdict(False, 0, None, f"cannot read {db_path}: {exc}")
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("BEGIN")  # one snapshot for the whole walk
        found = (dict(r) for r in conn.execute("SELECT * FROM ledger ORDER BY id"))
        verdict = ledger.walk(found, key, head)
        conn.rollback()
    except sqlite3.Error as exc:
        return ledger.Verdict(False, 0, None, f"cannot read {db_path}: {exc}")
    finally:
        conn.close()
    return _headless(verdict, head, key, head_path)


def _headless(
    verdict: ledger.Verdict, head: ledger.Head | None, key: bytes | None, path: Path
) -> ledger.Verdict:
    """A ledger with rows and a key but no head file does not verify: the head is what shows
    the newest rows were not deleted."""
    if verdict.ok and head is None and key is not None and verdict.rows > 0:
        return ledger.Verdict(False, verdict.rows, None, f"the head file {path} is missing")
    return verdict
