"""Database: reads beside writes, group commit, per-action savepoints, durability."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kernel import ledger
from kernel.db import Database
from sdk.store import StoreConflict

ROOT = Path(__file__).resolve().parents[2]


def entry(user="alice", app="notes", function="f", status="ok") -> ledger.LedgerEntry:
    now = ledger.utcnow()
    return ledger.LedgerEntry(
        user, "default", app, function, "write", "test", "{}", status, now, now
    )


@pytest.fixture
async def db(tmp_path):
    d = await Database.open(tmp_path / "kernel.db")
    yield d
    await d.close()


async def test_writer_is_fsync_full_and_readers_are_read_only(db):
    async with db.write() as conn, conn.execute("PRAGMA synchronous") as cur:
        assert (await cur.fetchone())[0] == 2  # FULL
    async with db.read() as conn:
        async with conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await conn.execute("DELETE FROM tasks")


async def test_reads_do_not_wait_for_an_open_write(db):
    await db.commit(None, entry())
    async with db.write() as conn:  # the write lock is held and a transaction is open
        await conn.execute(
            "INSERT INTO tasks (id, user_id, created_at, updated_at) VALUES ('t', 'u', 0, 0)"
        )

        async def read():
            async with db.read() as r:
                async with r.execute("SELECT COUNT(*) FROM ledger") as cur:
                    ledger_rows = (await cur.fetchone())[0]
                async with r.execute("SELECT COUNT(*) FROM tasks") as cur:
                    return ledger_rows, (await cur.fetchone())[0]

        # committed data is visible, the open transaction's row is not
        assert await asyncio.wait_for(read(), 2) == (1, 0)


async def test_concurrent_commits_share_one_transaction(db):
    before = db.stats.transactions
    ids = await asyncio.gather(*(db.commit(None, entry(function=f"f{i}")) for i in range(50)))
    assert sorted(ids) == list(range(1, 51))
    assert db.stats.actions == 50
    assert db.stats.transactions - before < 50  # batched, not one transaction per action
    assert db.stats.transactions - before == 1
    async with db.read() as conn:
        assert await ledger.verify(conn) is None
        rows = await ledger.rows(conn, limit=100)
    assert [r["function"] for r in rows] == [f"f{i}" for i in range(50)]


async def test_sequential_commits_each_their_own_transaction(db):
    for _ in range(3):
        await db.commit(None, entry())
    assert (db.stats.transactions, db.stats.actions) == (3, 3)


async def test_verify_in_progress_does_not_block_commits(db):
    await asyncio.gather(*(db.commit(None, entry()) for _ in range(300)))
    async with db.read() as conn:
        # a walk of the ledger holds a read snapshot open ...
        async with conn.execute("SELECT * FROM ledger ORDER BY id") as cur:
            first = await cur.fetchone()
            assert first["id"] == 1
            # ... while 20 more actions commit
            for _ in range(20):
                await asyncio.wait_for(db.commit(None, entry()), 2)
            rest = await cur.fetchall()
        assert len(rest) == 299  # the walk sees its snapshot, not the newer rows
    # and the real verify runs beside a stream of commits
    async with db.read() as conn:
        verified, *ids = await asyncio.gather(
            ledger.verify(conn), *(db.commit(None, entry()) for _ in range(50))
        )
    assert verified is None and len(ids) == 50
    async with db.read() as conn:
        assert await ledger.verify(conn) is None


async def test_a_conflicting_action_fails_alone_in_its_batch(db):
    seed = db.staged(user_id="alice", tenant_id="default", app_id="notes")
    doc = await seed.create("notes", {"n": 0})
    await db.commit(seed, entry())
    a = db.staged(user_id="alice", tenant_id="default", app_id="notes")
    b = db.staged(user_id="alice", tenant_id="default", app_id="notes")
    c = db.staged(user_id="bob", tenant_id="default", app_id="notes")
    await a.update("notes", doc.id, {"n": 1})
    await b.update("notes", doc.id, {"n": 2})
    await b.create("notes", {"from": "b"})
    await c.create("notes", {"from": "c"})
    before = db.stats.transactions
    results = await asyncio.gather(
        db.commit(a, entry(function="a")),
        db.commit(b, entry(function="b")),
        db.commit(c, entry("bob", function="c")),
        return_exceptions=True,
    )
    assert db.stats.transactions - before == 1
    assert isinstance(results[1], StoreConflict)
    assert isinstance(results[0], int) and isinstance(results[2], int)
    reader = db.staged(user_id="alice", tenant_id="default", app_id="notes")
    assert (await reader.get("notes", doc.id))["n"] == 1
    assert await reader.count("notes") == 1  # b's create went with its conflict
    async with db.read() as conn:
        rows = await ledger.rows(conn)
        assert [r["function"] for r in rows] == ["f", "a", "c"]
        assert await ledger.verify(conn) is None


async def test_commit_cancelled_before_its_batch_writes_nothing(db):
    async with db.write():  # hold the writer so the first batch waits for it
        first = asyncio.create_task(db.commit(None, entry(function="first")))
        await asyncio.sleep(0.01)
        queued = asyncio.create_task(db.commit(None, entry(function="queued")))
        await asyncio.sleep(0.01)
        queued.cancel()
        with pytest.raises(asyncio.CancelledError):
            await queued
    assert await first == 1
    async with db.read() as conn:
        assert [r["function"] for r in await ledger.rows(conn)] == ["first"]


async def test_close_finishes_queued_commits(tmp_path):
    d = await Database.open(tmp_path / "kernel.db")
    pending = [asyncio.create_task(d.commit(None, entry())) for _ in range(10)]
    await asyncio.sleep(0)
    await d.close()
    assert sorted([await p for p in pending]) == list(range(1, 11))
    d = await Database.open(tmp_path / "kernel.db")
    async with d.read() as conn:
        assert len(await ledger.rows(conn, limit=100)) == 10
    await d.close()


CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from kernel import ledger
    from kernel.db import Database

    async def one(db, i):
        store = db.staged(user_id="u", tenant_id="default", app_id="a")
        await store.create("c", {"i": i})
        now = ledger.utcnow()
        e = ledger.LedgerEntry("u", "default", "a", "f", "write", "t", "{}", "ok", now, now)
        lid = await db.commit(store, e)
        print(lid, i, flush=True)  # acknowledged

    async def main():
        db = await Database.open(Path(sys.argv[1]))
        i = 0
        while True:
            await asyncio.gather(*(one(db, i + k) for k in range(8)))
            i += 8

    asyncio.run(main())
    """
)


async def test_every_acknowledged_action_survives_sigkill(tmp_path):
    path = tmp_path / "kernel.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acked = []
    for line in proc.stdout:
        acked.append(tuple(int(x) for x in line.split()))
        if len(acked) >= 400:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = await Database.open(path)
    try:
        async with db.read() as conn:
            assert await ledger.verify(conn) is None
            async with conn.execute("SELECT id FROM ledger") as cur:
                ids = {r[0] for r in await cur.fetchall()}
            async with conn.execute("SELECT json_extract(data, '$.i') FROM documents") as cur:
                values = {r[0] for r in await cur.fetchall()}
        assert {lid for lid, _ in acked} <= ids
        assert {i for _, i in acked} <= values
        assert len(values) == len(ids)  # each action's document and row commit together
    finally:
        await db.close()
