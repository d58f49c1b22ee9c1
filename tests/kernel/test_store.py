import pytest

from kernel.store import ScopedStore
from sdk.store import StoreContractError


@pytest.fixture
def stores(kernel):
    def make(user="alice", app="notes"):
        return ScopedStore(kernel.db, user_id=user, tenant_id="default", app_id=app)

    return make


async def test_crud_and_query(stores):
    s = stores()
    a = await s.create("notes", {"title": "A", "folder": "w"})
    await s.create("notes", {"title": "B", "folder": "h"})
    assert (await s.get("notes", a.id))["title"] == "A"
    assert (await s.get(f"notes/{a.id}")).id == a.id
    page = await s.query("notes", where={"folder": "w"})
    assert [d["title"] for d in page] == ["A"]
    assert [d["title"] for d in await s.query("notes", order_by="-title")] == ["B", "A"]
    assert await s.count("notes") == 2
    upd = await s.update("notes", a.id, {"body": "x"})
    assert upd.data == {"title": "A", "folder": "w", "body": "x"}
    assert await s.delete("notes", a.id) is True
    assert await s.delete("notes", a.id) is False
    assert await s.get("notes", a.id) is None


async def test_limit_and_has_more(stores):
    s = stores()
    for i in range(3):
        await s.create("c", {"i": i})
    page = await s.query("c", limit=2)
    assert len(page) == 2 and page.has_more


async def test_scopes_never_see_each_other(stores):
    mine = stores("alice", "notes")
    theirs = stores("bob", "notes")
    other_app = stores("alice", "tasks")
    doc = await mine.create("notes", {"title": "secret"})
    assert await theirs.get("notes", doc.id) is None
    assert await other_app.get("notes", doc.id) is None
    assert await theirs.count("notes") == 0
    assert await theirs.delete("notes", doc.id) is False
    assert await mine.get("notes", doc.id) is not None


async def test_bad_names_are_refused(stores):
    s = stores()
    with pytest.raises(StoreContractError):
        await s.create("bad name!", {})
    with pytest.raises(StoreContractError):
        await s.query("notes", where={"x') OR 1=1 --": 1})
    with pytest.raises(StoreContractError):
        await s.create("notes", ["not", "a", "dict"])
