"""The staged store: a call reads its own writes, others see them only after commit."""

import random

import pytest

from kernel import ledger
from kernel.db import Database
from sdk.store import StoreConflict, StoreContractError


def entry(user="alice", app="notes") -> ledger.LedgerEntry:
    now = ledger.utcnow()
    return ledger.LedgerEntry(user, "default", app, "f", "write", "test", "{}", "ok", now, now)


@pytest.fixture
async def db(tmp_path):
    d = await Database.open(tmp_path / "kernel.db")
    yield d
    await d.close()


@pytest.fixture
def staged(db):
    def make(user="alice", app="notes", read_only=False):
        return db.staged(user_id=user, tenant_id="default", app_id=app, read_only=read_only)

    return make


async def test_a_call_reads_its_writes_others_see_them_after_commit(db, staged):
    call = staged()
    doc = await call.create("notes", {"title": "A"})
    assert (await call.get("notes", doc.id))["title"] == "A"
    assert await call.count("notes") == 1
    other = staged()
    assert await other.get("notes", doc.id) is None
    assert await other.count("notes") == 0
    lid = await db.commit(call, entry())
    assert lid == 1
    again = await staged().get("notes", doc.id)
    assert again.data == {"title": "A"} and again.etag == doc.etag
    assert again.user_id == "alice" and again.extension_id == "notes"


async def test_discarded_writes_leave_nothing(db, staged):
    call = staged()
    await call.create("notes", {"title": "A"})
    call.discard()
    with pytest.raises(StoreContractError, match="finished"):
        await call.create("notes", {"title": "B"})
    await db.commit(None, entry())
    assert await staged().count("notes") == 0


async def test_a_committed_store_takes_no_more_writes(db, staged):
    call = staged()
    await db.commit(call, entry())
    with pytest.raises(StoreContractError, match="finished"):
        await call.update("notes", "x", {"a": 1})


async def test_read_only_store_refuses_every_write(staged, db):
    seed = staged()
    doc = await seed.create("notes", {"a": 1})
    await db.commit(seed, entry())
    panel = staged(read_only=True)
    assert (await panel.get("notes", doc.id))["a"] == 1
    for attempt in (
        panel.create("notes", {"a": 2}),
        panel.update("notes", doc.id, {"a": 2}),
        panel.delete("notes", doc.id),
        panel.set(f"notes/{doc.id}", {"a": 2}),
    ):
        with pytest.raises(StoreContractError, match="panels render read-only"):
            await attempt
    assert not panel.dirty


async def test_staged_updates_and_deletes_merge_over_committed(db, staged):
    seed = staged()
    ids = [(await seed.create("n", {"i": i, "tag": "x" if i % 2 else "y"})).id for i in range(6)]
    await db.commit(seed, entry())
    call = staged()
    await call.update("n", ids[0], {"i": 10})
    await call.delete("n", ids[1])
    await call.create("n", {"i": -1, "tag": "x"})
    await call.update("n", ids[3], {"tag": "y"})
    assert [d["i"] for d in await call.query("n", order_by="i")] == [-1, 2, 3, 4, 5, 10]
    assert [d["i"] for d in await call.query("n", order_by="-i", limit=2)] == [10, 5]
    assert [d["i"] for d in await call.query("n", where={"tag": "x"})] == [5, -1]
    assert await call.count("n") == 6
    assert await call.count("n", where={"tag": "y"}) == 4
    assert [d["i"] for d in await call.query("n")] == [10, 2, 3, 4, 5, -1]  # insertion order


async def test_random_sequences_read_the_same_before_and_after_commit(db, staged):
    """Whatever a call staged, its reads equal what everyone reads once it commits."""
    rnd = random.Random(7)
    base = staged()
    for _ in range(30):
        await base.create(
            "c", {"k": rnd.choice([1, 2, 2.5, "a", None, True]), "g": rnd.randint(0, 2)}
        )
    await db.commit(base, entry())
    for _round in range(5):
        call = staged()
        ids = [d.id for d in await call.query("c", limit=1000)]  # then also its own and gone
        for _ in range(40):
            op = rnd.random()
            if op < 0.3:
                doc = await call.create("c", {"k": rnd.choice([0, 3, "b", None]), "g": 1})
                ids.append(doc.id)
            elif op < 0.6:
                await call.update("c", rnd.choice(ids), {"k": rnd.choice([-1, "z", False])})
            elif op < 0.8:
                await call.delete("c", rnd.choice(ids))
            else:
                ids.append((await call.set(f"c/{rnd.choice(ids)}", {"g": 9, "k": "s"})).id)
        wheres = (None, {"g": 1}, {"k": None}, {"k": "z"})
        views = {}
        for order in (None, "k", "-k", "g", "-g", "id", "-created_at", "updated_at"):
            for w, where in enumerate(wheres):
                views[(order, w)] = await _pages(call, where, order)
                views[("count", w)] = await call.count("c", where=where)
        await db.commit(call, entry())
        after = staged()
        for (order, w), seen in views.items():
            if order == "count":
                assert await after.count("c", where=wheres[w]) == seen, wheres[w]
            else:
                assert await _pages(after, wheres[w], order) == seen, (order, wheres[w])


async def _pages(store, where, order, size=4):
    """Every page by cursor; ids, so etags and timestamps compare too."""
    out, cursor = [], None
    while True:
        page = await store.query("c", where=where, order_by=order, limit=size, cursor=cursor)
        out += [(d.id, d.etag, d.updated_at) for d in page]
        if not page.has_more:
            assert page.cursor is None
            return out
        cursor = page.cursor


async def test_if_match_is_compare_and_set(db, staged):
    seed = staged()
    doc = await seed.create("n", {"a": 1})
    await db.commit(seed, entry())
    call = staged()
    fresh = await call.update("n", doc.id, {"a": 2}, if_match=doc.etag)
    assert fresh.etag != doc.etag
    with pytest.raises(StoreConflict) as err:
        await call.update("n", doc.id, {"a": 3}, if_match=doc.etag)
    assert (err.value.expected_etag, err.value.current_etag) == (doc.etag, fresh.etag)
    with pytest.raises(StoreConflict):
        await call.update("n", "missing", {"a": 1}, if_match="abc")
    await db.commit(call, entry())
    after = await staged().get("n", doc.id)
    assert after["a"] == 2 and after.etag == fresh.etag


async def test_read_then_update_of_a_document_changed_meanwhile_conflicts(db, staged):
    seed = staged()
    doc = await seed.create("n", {"count": 0})
    await db.commit(seed, entry())
    slow, fast = staged(), staged()
    seen = await slow.get("n", doc.id)
    await fast.update("n", doc.id, {"count": 1})
    await db.commit(fast, entry())
    await slow.update("n", doc.id, {"count": seen["count"] + 1})
    await slow.create("n", {"side": "effect"})
    with pytest.raises(StoreConflict):
        await db.commit(slow, entry())
    check = staged()
    assert (await check.get("n", doc.id))["count"] == 1  # fast's write stands, none lost
    assert await check.count("n") == 1  # slow's other writes went with it


@pytest.mark.parametrize("step", ["update", "delete", "set"])
async def test_blind_writes_conflict_too(db, staged, step):
    seed = staged()
    doc = await seed.create("n", {"a": 0, "b": 0})
    await db.commit(seed, entry())
    mine, theirs = staged(), staged()
    if step == "update":
        await mine.update("n", doc.id, {"a": 1})
    elif step == "delete":
        await mine.delete("n", doc.id)
    else:
        await mine.set(f"n/{doc.id}", {"a": 1})
    await theirs.update("n", doc.id, {"b": 1})
    await db.commit(theirs, entry())
    with pytest.raises(StoreConflict):
        await db.commit(mine, entry())
    assert (await staged().get("n", doc.id)).data == {"a": 0, "b": 1}


async def test_two_creates_of_one_id_conflict(db, staged):
    a, b = staged(), staged()
    await a.update("n", "fixed", {"who": "a"})
    await b.update("n", "fixed", {"who": "b"})
    await db.commit(a, entry())
    with pytest.raises(StoreConflict):
        await db.commit(b, entry())
    assert (await staged().get("n", "fixed"))["who"] == "a"


async def test_scope_cannot_be_escaped(db, staged):
    mine = staged("alice", "notes")
    doc = await mine.create("notes", {"secret": 1})
    await db.commit(mine, entry())
    for other in (staged("bob", "notes"), staged("alice", "tasks")):
        assert await other.get("notes", doc.id) is None
        assert await other.get(f"notes/{doc.id}") is None
        assert await other.count("notes") == 0
        assert (await other.query("notes")).data == []
        assert await other.delete("notes", doc.id) is False
        with pytest.raises(StoreConflict):  # it is not theirs to overwrite, even by id
            await other.update("notes", doc.id, {"x": 1}, if_match=doc.etag)
        await other.update("notes", doc.id, {"mine": "no"})  # creates their own document
        await db.commit(other, entry())
    assert (await staged("alice", "notes").get("notes", doc.id)).data == {"secret": 1}
    with pytest.raises(RuntimeError):  # cross-user reads need the system identity
        await mine.query_all("notes")


async def test_system_context_reads_across_users_of_its_extension(db, staged):
    for user in ("u2", "u1", "u2"):
        s = staged(user)
        await s.create("prefs", {"u": user})
        await db.commit(s, entry(user))
    other_app = staged("u3", "tasks")
    await other_app.create("prefs", {"u": "u3"})
    await db.commit(other_app, entry("u3", "tasks"))
    system = staged("__system__")
    assert [u async for u in system.list_users("prefs", page_size=1)] == ["u1", "u2"]
    assert sorted(d.user_id for d in await system.query_all("prefs")) == ["u1", "u2", "u2"]


@pytest.mark.parametrize(
    "attempt",
    [
        lambda s: s.create("bad name!", {}),
        lambda s: s.create("", {}),
        lambda s: s.create("notes", ["not", "a", "dict"]),
        lambda s: s.create("notes", {"x": float("nan")}),
        lambda s: s.create("notes", {"x": {1, 2}}),
        lambda s: s.update("notes", "id", "text"),
        lambda s: s.update("notes", None, {}),
        lambda s: s.update("notes", "", {}),
        lambda s: s.query("notes", where={"x') OR 1=1 --": 1}),
        lambda s: s.query("notes", where=["x"]),
        lambda s: s.query("notes", order_by="x; DROP TABLE ledger"),
        lambda s: s.query("notes", limit="10"),
        lambda s: s.count("notes", where={"a.b": 1}),
        lambda s: s.delete("../other", "x"),
        lambda s: s.get(123),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(db, staged, attempt):
    call = staged()
    await call.create("notes", {"keep": 1})
    with pytest.raises(StoreContractError):
        await attempt(call)
    await db.commit(call, entry())
    assert await staged().count("notes") == 1


async def test_returned_documents_are_copies(staged):
    call = staged()
    doc = await call.create("n", {"a": {"b": 1}})
    doc.data["a"]["b"] = 99
    got = await call.get("n", doc.id)
    assert got["a"] == {"b": 1}
    got.data["a"]["b"] = 98
    assert (await call.query("n")).data[0]["a"] == {"b": 1}


async def test_a_system_call_acts_as_a_user_within_its_own_commit(db, staged):
    system = staged("__system__")
    as_u1 = system.for_user("u1")
    assert system.for_user("u1") is as_u1
    await as_u1.create("prefs", {"digest": True})
    assert system.dirty
    with pytest.raises(StoreContractError):
        staged("alice").for_user("u1")  # only a system context may
    with pytest.raises(StoreContractError):
        system.for_user("")
    assert await staged("u1").count("prefs") == 0  # staged with the system call
    await db.commit(system, entry("__system__"))
    assert await staged("u1").count("prefs") == 1
    assert await staged("u1", "tasks").count("prefs") == 0  # still its own extension only
    with pytest.raises(StoreContractError, match="finished"):
        await as_u1.create("prefs", {})


async def test_a_conflict_as_a_user_fails_the_whole_system_call(db, staged):
    seed = staged("u1")
    doc = await seed.create("prefs", {"n": 0})
    await db.commit(seed, entry("u1"))
    system = staged("__system__")
    await system.create("log", {"ran": True})
    await system.for_user("u1").update("prefs", doc.id, {"n": 1})
    other = staged("u1")
    await other.update("prefs", doc.id, {"n": 2})
    await db.commit(other, entry("u1"))
    with pytest.raises(StoreConflict):
        await db.commit(system, entry("__system__"))
    assert await staged("__system__").count("log") == 0
    assert (await staged("u1").get("prefs", doc.id))["n"] == 2
