"""One behavioural suite for `ctx.store`, run against the SDK's MockStore and the kernel's
staged store, so an extension's unit tests see what the shell will do.

The kernel runs twice: "staged" keeps a call's writes in memory (reads merge them over
committed data) and commits only where a test calls `persist()`; "committed" commits through
`db.commit` after every write, so each read comes from SQLite.
"""

import pytest

from kernel import ledger
from kernel.db import Database
from sdk.store import StoreConflict, StoreContractError
from sdk.testing import MockStore
from sdk.types.models import Document, Page

WRITES = ("create", "update", "delete", "set")


def entry() -> ledger.LedgerEntry:
    now = ledger.utcnow()
    return ledger.LedgerEntry("alice", "default", "notes", "f", "write", "t", "{}", "ok", now, now)


class MockHarness:
    def __init__(self) -> None:
        self.store = MockStore()
        self.store.user_id, self.store.extension_id = "alice", "notes"

    async def persist(self) -> None:
        pass


class KernelHarness:
    def __init__(self, db: Database, autocommit: bool) -> None:
        self.db = db
        self.autocommit = autocommit
        self._store = self._new()

    def _new(self):
        return self.db.staged(user_id="alice", tenant_id="default", app_id="notes")

    async def persist(self) -> None:
        await self.db.commit(self._store, entry())
        self._store = self._new()

    @property
    def store(self):
        return _AutoCommit(self) if self.autocommit else self._store


class _AutoCommit:
    """Each write commits at once (a failed write leaves the call open, as a handler
    that caught the error would)."""

    def __init__(self, harness: KernelHarness) -> None:
        self._h = harness

    def __getattr__(self, name):
        method = getattr(self._h._store, name)
        if name not in WRITES:
            return method

        async def write(*args, **kwargs):
            result = await method(*args, **kwargs)
            await self._h.persist()
            return result

        return write


@pytest.fixture(params=["mock", "kernel-staged", "kernel-committed"])
async def h(request, tmp_path):
    if request.param == "mock":
        yield MockHarness()
        return
    db = await Database.open(tmp_path / "kernel.db")
    try:
        yield KernelHarness(db, autocommit=request.param == "kernel-committed")
    finally:
        await db.close()


async def titles(h, **query) -> list:
    return [d.get("t") for d in await h.store.query("c", **query)]


async def pages(h, size, **query) -> list:
    """Follow cursors to the end; every cursor but the first is passed alone."""
    page = await h.store.query("c", limit=size, **query)
    out = [list(page)]
    while page.has_more:
        assert page.cursor
        page = await h.store.query("c", limit=size, cursor=page.cursor)
        out.append(list(page))
    assert page.cursor is None
    return [[d.get("t") for d in p] for p in out]


async def test_create_and_get(h):
    doc = await h.store.create("c", {"t": "a", "n": {"deep": [1, 2]}})
    assert isinstance(doc, Document) and isinstance(doc.id, str) and doc.id
    # 5.11's MockStore leaves owner, app and times empty; the shell's store fills them.
    mock = isinstance(h, MockHarness)
    assert (doc.collection, doc.data, doc.user_id, doc.extension_id) == (
        "c",
        {"t": "a", "n": {"deep": [1, 2]}},
        "" if mock else "alice",
        "" if mock else "notes",
    )
    assert doc.etag and bool(doc.created_at and doc.updated_at) is not mock
    await h.persist()
    got = await h.store.get("c", doc.id)
    assert (got.id, got.data, got.etag) == (doc.id, doc.data, doc.etag)
    assert got["t"] == "a" and got["id"] == doc.id
    assert await h.store.get("c", "missing") is None
    assert await h.store.get("other", doc.id) is None
    if isinstance(h, MockHarness):
        with pytest.raises(TypeError):  # 5.11: MockStore.get(collection, doc_id) needs the id
            await h.store.get("c")
    else:  # the shell's store also reads the older 'collection/id' form
        assert (await h.store.get(f"c/{doc.id}")).id == doc.id
        assert await h.store.get("c") is None


async def test_update_merges_and_creates_when_missing(h):
    doc = await h.store.create("c", {"a": 1, "b": 2})
    up = await h.store.update("c", doc.id, {"b": 3, "c": None})
    assert up.data == {"a": 1, "b": 3, "c": None}
    assert up.etag != doc.etag and up.id == doc.id
    made = await h.store.update("c", "fixed-id", {"x": 1})
    assert (made.id, made.data) == ("fixed-id", {"x": 1})
    await h.persist()
    assert (await h.store.get("c", doc.id)).data == {"a": 1, "b": 3, "c": None}
    assert (await h.store.get("c", "fixed-id")).data == {"x": 1}


async def test_if_match_compare_and_set(h):
    doc = await h.store.create("c", {"a": 1})
    await h.persist()
    fresh = await h.store.update("c", doc.id, {"a": 2}, if_match=doc.etag)
    with pytest.raises(StoreConflict) as err:
        await h.store.update("c", doc.id, {"a": 3}, if_match=doc.etag)
    assert (err.value.doc_id, err.value.expected_etag, err.value.current_etag) == (
        doc.id,
        doc.etag,
        fresh.etag,
    )
    with pytest.raises(StoreConflict):
        await h.store.update("c", "missing", {"a": 1}, if_match="0123")
    again = await h.store.update("c", doc.id, {"b": 1}, if_match=fresh.etag)
    await h.persist()
    assert (await h.store.get("c", doc.id)).data == {"a": 2, "b": 1}
    assert await h.store.get("c", "missing") is None
    assert (await h.store.get("c", doc.id)).etag == again.etag


async def test_delete_and_count(h):
    a = await h.store.create("c", {"k": "v"})
    await h.store.create("c", {"k": "w"})
    assert await h.store.count("c") == 2
    assert await h.store.count("c", where={"k": "v"}) == 1
    assert await h.store.count("empty") == 0
    assert await h.store.delete("c", a.id) is True
    assert await h.store.delete("c", a.id) is False
    assert await h.store.delete("c", "never") is False
    await h.persist()
    assert await h.store.get("c", a.id) is None
    assert await h.store.count("c") == 1


async def test_set_replaces_or_creates_with_a_new_id(h):
    s1 = await h.store.set("cfg/main", 42)
    assert s1.data == {"value": 42} and s1.id != "main"  # the SDK's quirk
    await h.store.update("cfg", s1.id, {"other": 1})
    s2 = await h.store.set(f"cfg/{s1.id}", {"x": 1})
    assert s2.id == s1.id and s2.data == {"x": 1}  # replaced, not merged
    s3 = await h.store.set("cfg", {"y": 2})
    await h.persist()
    assert (await h.store.get("cfg", s1.id)).data == {"x": 1}
    assert (await h.store.get("cfg", s3.id)).data == {"y": 2}
    assert sorted(d.id for d in await h.store.list("cfg")) == sorted([s1.id, s3.id])
    assert await h.store.list("") == []
    assert [d.id for d in await h.store.list(f"cfg/{s1.id}")] == [
        d.id for d in await h.store.list("cfg")
    ]


async def test_where_matches_fields_exactly(h):
    rows = [
        {"t": "a", "k": 1},
        {"t": "b", "k": 1.0},
        {"t": "c", "k": True},
        {"t": "d", "k": "1"},
        {"t": "e", "k": None},
        {"t": "f"},
        {"t": "g", "k": [1]},
        {"t": "h", "k": {"x": 1}},
        {"t": "i", "k": "[1]"},
        {"t": "j", "k": 1, "z": "y"},
    ]
    for row in rows:
        await h.store.create("c", row)
    await h.persist()
    assert await titles(h, where={"k": 1}) == ["a", "b", "c", "j"]  # true compares as 1
    assert await titles(h, where={"k": "1"}) == ["d"]
    assert await titles(h, where={"k": None}) == ["e", "f"]
    assert await titles(h, where={"k": [1]}) == ["g"]
    assert await titles(h, where={"k": {"x": 1}}) == ["h"]
    assert await titles(h, where={"k": "[1]"}) == ["i"]
    assert await titles(h, where={"k": 1, "z": "y"}) == ["j"]
    assert await titles(h, where={"k": 2}) == []
    assert await titles(h, where={}) == list("abcdefghij")
    assert await h.store.count("c", where={"k": None}) == 2


async def test_order_by_follows_sqlite_order_with_ties_in_insertion_order(h):
    values = [("a", 3), ("b", "x"), ("c", None), ("d", 1.5), ("e", 3), ("f", False), ("g", "B")]
    for t, v in values:
        await h.store.create("c", {"t": t, "v": v})
    await h.store.create("c", {"t": "h"})  # no field: sorts as null
    await h.persist()
    assert await titles(h, order_by="v") == ["c", "h", "f", "d", "a", "e", "g", "b"]
    assert await titles(h, order_by="-v") == ["b", "g", "a", "e", "d", "f", "c", "h"]
    assert await titles(h) == list("abcdefgh")  # insertion order
    assert await titles(h, order_by="t", limit=3) == ["a", "b", "c"]
    assert await titles(h, order_by="-created_at", limit=2) == ["h", "g"]
    ids = [d.id for d in await h.store.query("c", order_by="id")]
    assert ids == sorted(ids)


async def test_limit_has_more_and_cursor_pages(h):
    for i in range(7):
        await h.store.create("c", {"t": i, "even": i % 2 == 0})
    await h.persist()
    assert await pages(h, 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert await pages(h, 2, order_by="-t") == [[6, 5], [4, 3], [2, 1], [0]]
    assert await pages(h, 2, where={"even": True}) == [[0, 2], [4, 6]]
    assert await pages(h, 10) == [list(range(7))]
    page = await h.store.query("c", limit=7)
    assert isinstance(page, Page) and len(page) == 7
    assert (page.has_more, page.cursor) == (False, None)
    first = await h.store.query("c", where={"even": True}, limit=1)
    # a cursor continues its own query; an unknown cursor starts at the top
    same = await h.store.query("c", where={"even": True}, limit=1, cursor=first.cursor)
    assert [d["t"] for d in same] == [2]
    assert [d["t"] for d in await h.store.query("c", limit=2, cursor="ignored")] == [0, 1]
    with pytest.raises(StoreContractError):
        await h.store.query("c", where={"even": False}, cursor=first.cursor)
    with pytest.raises(StoreContractError):
        await h.store.query("other", cursor=first.cursor)


async def test_pages_see_this_calls_own_writes(h):
    for i in range(4):
        await h.store.create("c", {"t": i})
    await h.persist()
    docs = list(await h.store.query("c"))
    await h.store.delete("c", docs[1].id)
    await h.store.update("c", docs[2].id, {"t": 9})
    await h.store.create("c", {"t": -1})
    assert await pages(h, 2) == [[0, 9], [3, -1]]
    assert await pages(h, 2, order_by="t") == [[-1, 0], [3, 9]]
    assert await h.store.count("c") == 4


@pytest.mark.parametrize(
    "attempt",
    [
        lambda s: s.create("bad name!", {"t": 1}),
        lambda s: s.create("", {"t": 1}),
        lambda s: s.create("a/b", {"t": 1}),
        lambda s: s.create("c", ["not", "a", "dict"]),
        lambda s: s.create("c", {"x": float("nan")}),
        lambda s: s.create("c", {"x": object()}),
        lambda s: s.update("c", "id", "text"),
        lambda s: s.update("c", None, {"t": 1}),
        lambda s: s.update("c", "id", {"t": 1}, if_match=5),
        lambda s: s.delete("c", ["x"]),
        lambda s: s.query("c", where={"x') OR 1=1 --": 1}),
        lambda s: s.query("c", where={"a.b": 1}),
        lambda s: s.query("c", where="t=1"),
        lambda s: s.query("c", order_by="t; DROP TABLE ledger"),
        lambda s: s.query("c", limit="10"),
        lambda s: s.count("c", where={"": 1}),
        lambda s: s.get("bad name", "x"),
        lambda s: s.set("bad name/x", {"t": 1}),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(h, attempt):
    keep = await h.store.create("c", {"t": "keep"})
    await h.persist()
    with pytest.raises(StoreContractError):
        await attempt(h.store)
    await h.persist()
    assert [d.id for d in await h.store.query("c")] == [keep.id]
    assert (await h.store.get("c", keep.id)).data == {"t": "keep"}


async def test_returned_documents_are_copies(h):
    doc = await h.store.create("c", {"a": {"b": 1}})
    doc.data["a"]["b"] = 99
    got = await h.store.get("c", doc.id)
    assert got["a"] == {"b": 1}
    got.data["a"]["b"] = 98
    assert (await h.store.query("c")).data[0]["a"] == {"b": 1}
    source = {"a": {"b": 2}}
    await h.store.update("c", doc.id, source)
    source["a"]["b"] = 3
    assert (await h.store.get("c", doc.id))["a"] == {"b": 2}
