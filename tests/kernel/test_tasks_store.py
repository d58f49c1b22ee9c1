"""Tasks in SQLite: listed per user, finished once, and 'lost' after the kernel died."""

import pytest

from kernel.db import Database
from kernel.tasks_store import TaskStore


@pytest.fixture
async def db(tmp_path):
    d = await Database.open(tmp_path / "kernel.db")
    yield d
    await d.close()


async def test_create_update_get_list(db):
    tasks = TaskStore(db)
    row = await tasks.create(task_id="t1", user_id="alice", app_id="notes", function="sync",
                             name="notes.sync")  # fmt: skip
    assert (row["status"], row["progress"], row["kind"], row["result"]) == (
        "running",
        0,
        "call",
        None,
    )
    await tasks.create(task_id="t2", user_id="alice", name="other", kind="background")
    await tasks.create(task_id="t3", user_id="bob")
    assert await tasks.update("t1", progress=150, message="half")
    assert (await tasks.get("t1"))["progress"] == 100.0
    assert await tasks.update("t1", status="ok", result={"n": 1}, progress=None)
    done = await tasks.get("t1")
    assert (done["status"], done["result"], done["message"]) == ("ok", {"n": 1}, "half")
    assert done["updated_at"] >= done["created_at"]
    assert not await tasks.update("t1", status="running")  # finished stays finished
    assert [t["id"] for t in await tasks.list("alice")] == ["t2", "t1"]
    assert [t["id"] for t in await tasks.list("alice", limit=1)] == ["t2"]
    assert [t["id"] for t in await tasks.list("bob")] == ["t3"]
    assert await tasks.get("nope") is None


async def test_bad_fields_and_statuses_are_refused(db):
    tasks = TaskStore(db)
    await tasks.create(task_id="t", user_id="u")
    with pytest.raises(ValueError):
        await tasks.update("t", status="weird")
    with pytest.raises(ValueError):
        await tasks.update("t", user_id="someone else")
    assert (await tasks.get("t"))["status"] == "running"


async def test_running_tasks_become_lost_when_the_database_is_reopened(tmp_path):
    path = tmp_path / "kernel.db"
    db = await Database.open(path)
    tasks = TaskStore(db)
    await tasks.create(task_id="alive", user_id="u")
    await tasks.create(task_id="done", user_id="u")
    await tasks.update("done", status="ok")
    await db.close()  # as if the kernel died with 'alive' still running
    db = await Database.open(path)
    tasks = TaskStore(db)
    assert (await tasks.get("alive"))["status"] == "lost"
    assert (await tasks.get("done"))["status"] == "ok"
    await db.close()


async def test_known_secret_values_never_enter_the_table(db):
    import json

    from kernel.redact import MASK, REDACTOR

    secret = "task-secret-9Jq2Lw"
    REDACTOR.add(secret)
    try:
        tasks = TaskStore(db)
        await tasks.create(task_id="t1", user_id="alice", name=f"sync {secret}",
                           message=f"start {secret}")  # fmt: skip
        await tasks.update("t1", message=f"half {secret}")
        await tasks.update("t1", status="error", error=f"failed {secret}", result={secret: secret})
        row = await tasks.get("t1")
    finally:
        REDACTOR.forget_all()
    assert secret not in json.dumps(row) and MASK in row["error"] and MASK in row["message"]
    async with db.read() as conn, conn.execute("SELECT * FROM tasks") as cur:
        assert secret not in json.dumps([tuple(r) for r in await cur.fetchall()])
