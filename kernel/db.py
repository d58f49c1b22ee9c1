"""The one SQLite file: one writer connection, a few reader connections, group commit.

Why this shape:
- WAL lets readers run beside the writer, so `read()` hands out a reader connection and never
  waits for a write (ledger verification, panel renders and a handler's own reads included).
- No handler holds the write lock while it runs: its store writes are staged in memory
  (`staged()`, kernel/staging.py) and reach the file in `commit()`, with its ledger row, inside
  one short transaction.
- `synchronous=FULL` on the writer: `commit()` returns only after the transaction is fsync'd,
  so an acknowledged action survives a crash. Concurrent `commit()` calls share one
  transaction (group commit), so durability costs one fsync per batch, not per action; each
  action runs in its own SAVEPOINT, so one conflicting action fails alone.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiosqlite

from kernel import ledger
from kernel.migrations import MIGRATIONS
from kernel.staging import StagedStore

READERS = 4
MAX_BATCH = 512


class DatabaseError(Exception):
    """The database cannot be opened or is newer than this program."""


@dataclass
class CommitStats:
    """Counters that let tests see group commit happen (transactions < actions)."""

    transactions: int = 0
    actions: int = 0


@dataclass
class _Job:
    store: Any  # a sealed StagedStore, or None
    entry: ledger.LedgerEntry
    future: asyncio.Future = field(repr=False)
    started: bool = False


class Database:
    """Owner of the SQLite file: `read()`, `write()`, `staged()`, `commit()`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path):
        self.conn = conn  # the writer; only `write()` and `commit()` use it
        self.path = path
        self.stats = CommitStats()
        self._lock = asyncio.Lock()  # the write lock
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []
        self._queue: list[_Job] = []
        self._committer: asyncio.Task | None = None
        self._closed = False
        self.anchor = None  # kernel/anchor.py Anchor: keyed rows and the head file

    @classmethod
    async def open(cls, path: Path, *, readers: int = READERS) -> Database:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o600)  # private from the first byte
        try:
            conn = await _connect(path)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {path}: {exc}") from None
        db = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=FULL")
            await db._migrate()
            for _ in range(max(1, readers)):
                reader = await _connect(path)
                await reader.execute("PRAGMA query_only=ON")
                db._all_readers.append(reader)
                db._readers.put_nowait(reader)
        except BaseException as exc:
            await db._close_connections()
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
            # whoever opens the file owns it (one kernel per data dir): a task still
            # 'running' was left by a process that died
            await self.conn.execute(
                "UPDATE tasks SET status='lost', updated_at=strftime('%s','now') "
                "WHERE status='running'"
            )
        except BaseException:
            await self.conn.rollback()
            raise
        await self.conn.commit()

    # --- reads -------------------------------------------------------------------------
    @asynccontextmanager
    async def read(self):
        """A reader connection (query_only). Never waits for the writer; at most READERS
        reads run at once. A single SELECT sees one consistent snapshot."""
        conn = await self._readers.get()
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a caller's BEGIN left open must not pin a snapshot
                await conn.rollback()
            self._readers.put_nowait(conn)

    # --- kernel rows (cards, tasks): short write transactions ---------------------------
    @asynccontextmanager
    async def write(self):
        """A short write transaction on the writer for kernel rows; commits (fsync) on exit,
        rolls back on an exception. Never hold it across a handler, and never await
        `commit()` inside it (the commit waits for this lock)."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            else:
                await self.conn.commit()

    # --- actions: staged store + ledger row, group-committed ----------------------------
    def staged(
        self, *, user_id: str, tenant_id: str, app_id: str, read_only: bool = False
    ) -> StagedStore:
        """A call's ctx.store: reads committed data and its own writes, stages its writes
        (kernel/staging.py) until `commit()`."""
        return StagedStore(
            self, user_id=user_id, tenant_id=tenant_id, app_id=app_id, read_only=read_only
        )

    async def commit(self, store: StagedStore | None, entry: ledger.LedgerEntry) -> int:
        """Apply `store`'s staged writes (None: none) and append `entry`, durably; the new
        ledger row id. Raises sdk.store.StoreConflict (nothing of this action written) when a
        document it read or changed was changed by someone else since.

        Cancellation: before the batch starts, nothing is written and CancelledError is
        raised; once it started, this waits for the outcome (the action is then in the
        ledger if it committed) and re-raises CancelledError."""
        if self._closed:
            raise DatabaseError("the database is closed")
        if store is not None:
            store.seal()
        loop = asyncio.get_running_loop()
        job = _Job(store, entry, loop.create_future())
        self._queue.append(job)
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._drain())
        try:
            return await asyncio.shield(job.future)
        except asyncio.CancelledError:
            if not job.started:
                self._queue.remove(job)
                job.future.cancel()
                raise
            with suppress(BaseException):
                await job.future
            raise

    async def _drain(self) -> None:
        while self._queue:
            batch = self._queue[:MAX_BATCH]
            del self._queue[:MAX_BATCH]
            for job in batch:
                job.started = True
            try:
                async with self._lock:
                    results = await _in_writer_thread(self.conn, _apply_batch, batch, self.anchor)
            except BaseException as exc:  # the transaction itself failed: every action did
                for job in batch:
                    if job.future.done():
                        continue
                    if isinstance(exc, Exception):
                        job.future.set_exception(_copy_error(exc))
                    else:
                        job.future.cancel()
                if not isinstance(exc, Exception):
                    raise
                continue
            self.stats.transactions += 1
            self.stats.actions += len(batch)
            for job, result in zip(batch, results, strict=True):
                if job.future.done():
                    continue
                if isinstance(result, BaseException):
                    job.future.set_exception(result)
                else:
                    job.future.set_result(result)

    # --- compatibility with the single-connection API (removed with the old executor) ---
    async def close(self) -> None:
        """Finish queued commits, then close every connection."""
        if self._closed:
            return
        self._closed = True
        while self._committer is not None and not self._committer.done():
            await asyncio.shield(self._committer)
        if self.anchor is not None:  # the head file catches up with the last commit
            await asyncio.to_thread(self.anchor.wait)
        await self._close_connections()

    async def _close_connections(self) -> None:
        for reader in self._all_readers:
            await reader.close()
        self._all_readers.clear()
        await self.conn.close()


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    return conn


async def _in_writer_thread(conn: aiosqlite.Connection, fn, *args):
    """Run `fn(sqlite3_connection, *args)` on the writer's own thread, in one hop: a batch of
    actions costs one thread switch and one fsync, not one per statement. aiosqlite offers no
    public hook for this; `_execute`/`_conn` have been stable since 0.17 (tests cover it)."""
    return await conn._execute(fn, conn._conn, *args)


def _apply_batch(c: sqlite3.Connection, batch: list[_Job], anchor: Any = None) -> list[Any]:
    """One transaction for the whole batch, one SAVEPOINT per action. Returns, per action,
    its ledger id or the exception that made it fail alone. With an `anchor`, rows are keyed
    and the head file is advanced after the commit."""
    results: list[Any] = []
    key = anchor.key if anchor is not None else None
    c.execute("BEGIN IMMEDIATE")
    try:
        last_id, prev = ledger.last_row(c)
        alone = len(batch) == 1  # no savepoint needed: rolling back is rolling back it
        for job in batch:
            if not alone:
                c.execute("SAVEPOINT action")
            try:
                if job.store is not None:
                    job.store.apply(c)
                row_id, prev_next = ledger.append_sync(
                    c, job.entry, prev, key=key, row_id=last_id + 1
                )
            except Exception as exc:
                c.execute("ROLLBACK" if alone else "ROLLBACK TO action")
                if not alone:
                    c.execute("RELEASE action")
                results.append(exc)
                continue
            if not alone:
                c.execute("RELEASE action")
            prev, last_id = prev_next, row_id
            results.append(row_id)
        if c.in_transaction:
            c.execute("COMMIT")
    except BaseException:
        if c.in_transaction:
            c.execute("ROLLBACK")
        raise
    if anchor is not None and any(not isinstance(r, BaseException) for r in results):
        anchor.advance_later(last_id, prev)
    return results


def _copy_error(exc: BaseException) -> BaseException:
    if isinstance(exc, sqlite3.Error):
        return DatabaseError(f"commit failed: {exc}")
    return exc


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
