"""ctx.store through the worker proxy and dispatch, against the kernel's staged store and the
SDK's MockStore: Documents, Pages and StoreConflict survive the JSON trip both ways."""

import pytest

from kernel.host.scope import RemoteError
from kernel.services import dispatch
from sdk.store import StoreConflict, StoreContractError
from sdk.testing import MockStore
from sdk.types.models import Document, Page


@pytest.fixture(params=["staged", "mock"])
async def store_factory(request, tmp_path):
    """store_factory(user_id, read_only=False) -> the store a CallScope carries."""
    if request.param == "mock":

        def make(user_id="alice", read_only=False):
            store = MockStore()
            store.user_id, store.extension_id = user_id, "notes"
            return store

        yield make
        return
    staging = pytest.importorskip("kernel.staging")
    from kernel.db import Database

    if not hasattr(Database, "staged"):
        pytest.skip("kernel.db has no staged stores yet")
    db = await Database.open(tmp_path / "kernel.db")
    assert staging  # the module the staged stores come from

    def make(user_id="alice", read_only=False):
        return db.staged(user_id=user_id, tenant_id="default", app_id="notes", read_only=read_only)

    yield make
    await db.close()


async def test_documents_and_pages_round_trip(worker_ctx, store_factory):
    _, ctx = worker_ctx(store=store_factory())
    doc = await ctx.store.create("notes", {"title": "Q3", "n": 1})
    assert isinstance(doc, Document) and doc.data == {"title": "Q3", "n": 1} and doc.id
    got = await ctx.store.get("notes", doc.id)
    assert isinstance(got, Document) and got.id == doc.id and got["title"] == "Q3"
    assert await ctx.store.get("notes", "missing") is None

    await ctx.store.create("notes", {"title": "Q4", "n": 2})
    page = await ctx.store.query("notes", where={"n": 2})
    assert isinstance(page, Page) and [d["title"] for d in page] == ["Q4"]
    assert await ctx.store.count("notes") == 2
    assert len(await ctx.store.list("notes")) == 2

    updated = await ctx.store.update("notes", doc.id, {"n": 5})
    assert updated.data == {"title": "Q3", "n": 5}
    assert await ctx.store.delete("notes", doc.id) is True
    assert await ctx.store.delete("notes", doc.id) is False


async def test_if_match_conflict_comes_back_as_store_conflict(worker_ctx, store_factory):
    _, ctx = worker_ctx(store=store_factory())
    doc = await ctx.store.create("notes", {"title": "a"})
    current = await ctx.store.update("notes", doc.id, {"title": "b"}, if_match=doc.etag)
    assert current.etag and current.etag != doc.etag
    with pytest.raises(StoreConflict) as err:
        await ctx.store.update("notes", doc.id, {"title": "c"}, if_match=doc.etag)
    assert err.value.doc_id == doc.id
    assert err.value.expected_etag == doc.etag and err.value.current_etag == current.etag
    assert (await ctx.store.get("notes", doc.id))["title"] == "b"


async def test_read_only_renders_cannot_write(worker_ctx, store_factory):
    _, ctx = worker_ctx(store=store_factory(read_only=True), read_only=True, tool_type="panel")
    with pytest.raises(StoreContractError, match="read-only"):
        await ctx.store.create("notes", {"title": "x"})
    with pytest.raises(StoreContractError, match="read-only"):
        await ctx.store.set("notes/x", {"title": "x"})
    assert await ctx.store.count("notes") == 0


async def test_another_users_store_is_an_error(make_scope, store_factory):
    scope = make_scope(store=store_factory())
    with pytest.raises(RemoteError) as err:
        await dispatch(
            scope, "store", "get", {"collection": "notes", "doc_id": "x", "user_id": "bob"}
        )
    assert err.value.kind == "PermissionError"
    with pytest.raises(RemoteError) as err:
        await dispatch(scope, "store", "list_users", {"collection": "notes"})
    assert err.value.kind == "RuntimeError" and "system context" in err.value.message


async def test_non_json_data_is_refused_in_the_worker(worker_ctx, store_factory):
    _, ctx = worker_ctx(store=store_factory())
    with pytest.raises(TypeError, match="JSON"):
        await ctx.store.create("notes", {"when": object()})
    with pytest.raises(ValueError, match="JSON"):
        await ctx.store.create("notes", {"x": float("nan")})


async def test_no_store_in_scope_is_a_contract_error(worker_ctx):
    _, ctx = worker_ctx()
    with pytest.raises(StoreContractError, match="not available"):
        await ctx.store.get("notes", "x")
