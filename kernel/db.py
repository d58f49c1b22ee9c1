"""The one SQLite file: opened with aiosqlite in WAL mode, migrated to the latest version."""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from kernel.migrations import MIGRATIONS

# Set while the current task holds the write lock, so nested work (a handler's own reads, a
# call into another extension) joins the open transaction instead of deadlocking on it.
_holding = contextvars.ContextVar("imperal_db_holding", default=False)


class DatabaseError(Exception):
    """The database cannot be opened or is newer than this program."""


class Database:
    """One connection; `transaction()` serialises writers so a call's writes and its ledger
    row commit together or not at all."""

    def __init__(self, conn: aiosqlite.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o600)  # private from the first byte
        try:
            conn = await aiosqlite.connect(str(path), isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {path}: {exc}") from None
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            db = cls(conn, path)
            await db._migrate()
        except BaseException as exc:
            await conn.close()
            if isinstance(exc, sqlite3.Error):
                raise DatabaseError(f"cannot open {path}: {exc}") from None
            raise
        return db

    async def _migrate(self) -> None:
        # Read the version inside the write lock: two processes opening a new file at once
        # must not both run migration 1.
        await self.conn.execute("BEGIN IMMEDIATE")
        try:
            async with self.conn.execute("PRAGMA user_version") as cur:
                (version,) = await cur.fetchone()
            if version > len(MIGRATIONS):
                raise DatabaseError(
                    f"{self.path} has schema version {version}, newer than this program "
                    f"({len(MIGRATIONS)}); upgrade imperal-shell"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    await self.conn.execute(statement)
                await self.conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            await self.conn.rollback()
            raise
        await self.conn.commit()

    @asynccontextmanager
    async def transaction(self):
        if _holding.get():
            name = "sp_" + uuid.uuid4().hex[:8]
            await self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute(f"ROLLBACK TO {name}")
                await self.conn.execute(f"RELEASE {name}")
                raise
            else:
                await self.conn.execute(f"RELEASE {name}")
            return
        async with self._lock:
            token = _holding.set(True)
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    await self.conn.rollback()
                    raise
                else:
                    await self.conn.commit()
            finally:
                _holding.reset(token)

    @asynccontextmanager
    async def reading(self):
        """Wait for any open write transaction so readers never see uncommitted data."""
        if _holding.get():
            yield self.conn
            return
        async with self._lock:
            token = _holding.set(True)
            try:
                yield self.conn
            finally:
                _holding.reset(token)

    async def close(self) -> None:
        await self.conn.close()


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain inner `;`)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
