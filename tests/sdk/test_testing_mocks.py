"""The in-memory mocks of `imperal_sdk.testing`: state attributes and quirks tests rely on."""

import re

import pytest

from sdk import alias
from sdk.errors import ExtensionError, ValidationError
from sdk.store import StoreConflict
from sdk.testing import (
    MockAI,
    MockBilling,
    MockConfig,
    MockExtensions,
    MockHTTP,
    MockNotify,
    MockSkeleton,
    MockStorage,
    MockStore,
)
from sdk.types.models import (
    BalanceInfo,
    CompletionResult,
    Document,
    FileInfo,
    HTTPResponse,
    LimitsResult,
    Page,
    SubscriptionInfo,
)

# -- MockStore ---------------------------------------------------------------------------------


async def test_store_create_assigns_8_char_uuid_prefix_and_fills_data():
    store = MockStore()
    doc = await store.create("notes", {"title": "a"})
    assert isinstance(doc, Document)
    assert re.fullmatch(r"[0-9a-f]{8}", doc.id)
    assert doc.collection == "notes"
    assert doc["title"] == "a" and doc.get("missing", 1) == 1
    assert store._data == {"notes": {doc.id: {"title": "a"}}}


async def test_store_get_by_id_and_missing():
    store = MockStore()
    doc = await store.create("notes", {"title": "a"})
    assert (await store.get("notes", doc.id)).data == {"title": "a"}
    with pytest.raises(TypeError):  # as in 5.11, the id is required
        await store.get(f"notes/{doc.id}")
    assert await store.get("notes", "nope") is None
    assert await store.get("other", doc.id) is None


async def test_store_query_exact_match_limit_and_has_more():
    store = MockStore()
    for i in range(5):
        await store.create("t", {"n": i, "even": i % 2 == 0})
    page = await store.query("t", where={"even": True})
    assert isinstance(page, Page)
    assert sorted(d["n"] for d in page) == [0, 2, 4]
    assert len(page) == 3 and page.has_more is False
    limited = await store.query("t", limit=2, order_by="-n", cursor="ignored")
    assert len(limited.data) == 2 and limited.has_more is True
    assert (await store.query("empty")).data == []


async def test_store_update_merges_or_creates_when_missing():
    store = MockStore()
    doc = await store.create("t", {"a": 1, "b": 2})
    updated = await store.update("t", doc.id, {"b": 3})
    assert updated.data == {"a": 1, "b": 3}
    created = await store.update("t", "fixed-id", {"x": 1})
    assert created.id == "fixed-id"
    assert store._data["t"]["fixed-id"] == {"x": 1}


async def test_store_update_if_match_compare_and_set():
    store = MockStore()
    doc = await store.create("t", {"a": 1})
    fresh = await store.update("t", doc.id, {"a": 2}, if_match=doc.etag)
    with pytest.raises(StoreConflict) as err:
        await store.update("t", doc.id, {"a": 3}, if_match=doc.etag)
    assert err.value.current_etag == fresh.etag
    assert store._data["t"][doc.id] == {"a": 2}


async def test_store_delete_count_set_list():
    store = MockStore()
    doc = await store.create("t", {"k": "v"})
    await store.create("t", {"k": "w"})
    assert await store.count("t") == 2
    assert await store.count("t", where={"k": "v"}) == 1
    assert await store.delete("t", doc.id) is True
    assert await store.delete("t", doc.id) is False
    s1 = await store.set("cfg/main", 42)
    assert s1.data == {"value": 42}
    s2 = await store.set(f"cfg/{s1.id}", {"x": 1})
    assert s2.id == s1.id and store._data["cfg"][s1.id] == {"x": 1}
    assert [d.collection for d in await store.list("cfg")] == ["cfg"]


async def test_store_returned_documents_are_copies():
    store = MockStore()
    doc = await store.create("t", {"a": 1})
    doc.data["a"] = 99
    assert store._data["t"][doc.id] == {"a": 1}


async def test_store_cross_user_reads():
    store = MockStore()
    for uid in ("u1", "u2", "u1"):
        store.user_id = uid
        await store.create("prefs", {"uid": uid})
    assert [u async for u in store.list_users("prefs")] == ["u1", "u2"]
    docs = await store.query_all("prefs")
    assert sorted(d.user_id for d in docs) == ["u1", "u1", "u2"]
    with pytest.raises(ValueError):
        [u async for u in store.list_users("bad name")]
    with pytest.raises(ValueError):
        await store.query_all("prefs", limit=0)


# -- MockAI ------------------------------------------------------------------------------------


async def test_ai_substring_patterns_first_wins_and_default():
    ai = MockAI()
    ai.set_response("summar", "A summary")
    ai.set_response("summarize this", "never reached")
    r = await ai.complete("please summarize this text")
    assert isinstance(r, CompletionResult)
    assert (r.text, r.model) == ("A summary", "mock")
    other = await ai.complete("hello", model="m1")
    assert (other.text, other.model) == ("Mock AI response", "m1")


# -- MockBilling -------------------------------------------------------------------------------


async def test_billing_defaults_and_usage_floor():
    billing = MockBilling()
    assert (billing.balance, billing.plan) == (50000, "pro")
    limits = await billing.check_limits()
    assert isinstance(limits, LimitsResult) and limits.allowed is True
    sub = await billing.get_subscription()
    assert isinstance(sub, SubscriptionInfo)
    assert (sub.plan_id, sub.plan_name, sub.status, sub.period) == (
        "pro",
        "Pro",
        "active",
        "monthly",
    )
    assert await billing.track_usage("tokens", 1000) is True
    assert billing.balance == 49000
    await billing.track_usage("storage", 10**9)
    assert billing.balance == 0
    bal = await billing.get_balance()
    assert isinstance(bal, BalanceInfo) and (bal.balance, bal.plan, bal.cap) == (0, "pro", 250000)


# -- MockSkeleton, MockNotify --------------------------------------------------------------------


async def test_skeleton_seed_and_get():
    sk = MockSkeleton()
    sk.update("inbox", {"n": 1})
    sk._seed("stats", {"m": 2})
    assert sk._sections == {"inbox": {"n": 1}, "stats": {"m": 2}}
    assert await sk.get("inbox") == {"n": 1}
    assert await sk.get("nope") is None


async def test_notify_call_send_and_push_append_to_sent():
    notify = MockNotify()
    await notify("hi", priority="high")
    await notify.send("mail", channel="email", subject="s")
    await notify.send("plain")
    await notify.push(title="T", body="B")
    assert notify.sent == [
        {"message": "hi", "channel": "in_app", "priority": "high"},
        {"message": "mail", "channel": "email", "subject": "s"},
        {"message": "plain", "channel": "in_app"},
        {"message": "T", "channel": "in_app", "body": "B"},
    ]


# -- MockStorage ---------------------------------------------------------------------------------


async def test_storage_upload_download_delete_list():
    st = MockStorage()
    info = await st.upload("a/b.txt", b"hello", content_type="text/plain")
    assert isinstance(info, FileInfo)
    assert (info.path, info.size, info.content_type) == ("a/b.txt", 5, "text/plain")
    await st.upload("c.bin", b"\x00")
    assert st._files == {"a/b.txt": b"hello", "c.bin": b"\x00"}
    assert await st.download("a/b.txt") == b"hello"
    with pytest.raises(FileNotFoundError):
        await st.download("missing")
    listing = await st.list("a/")
    assert isinstance(listing, Page) and [f.path for f in listing] == ["a/b.txt"]
    assert await st.delete("c.bin") is True
    assert await st.delete("c.bin") is False


# -- MockHTTP -------------------------------------------------------------------------------------


async def test_http_substring_match_per_method():
    http = MockHTTP()
    http.mock_get("api.example.com/users", {"users": [1]})
    http.mock_post("api.example.com/users", {"created": True}, status=201)
    r = await http.get("https://api.example.com/users?page=2", headers={"A": "b"})
    assert isinstance(r, HTTPResponse)
    assert (r.status_code, r.body, r.ok) == (200, {"users": [1]}, True)
    assert r.json() == {"users": [1]}
    p = await http.post("https://api.example.com/users", json={"n": 1})
    assert (p.status_code, p.body) == (201, {"created": True})


async def test_http_first_registration_wins_and_status_is_kept():
    http = MockHTTP()
    http.mock_get("example.com", {"first": True}, status=500)
    http.mock_get("example.com/x", {"second": True})
    r = await http.get("https://example.com/x")
    assert (r.status_code, r.body) == (500, {"first": True})
    assert not r.ok


async def test_http_unregistered_is_404_including_put_patch_delete():
    http = MockHTTP()
    http.mock_get("example.com", {"ok": 1})
    for call in (http.post, http.put, http.patch, http.delete):
        r = await call("https://example.com/")
        assert (r.status_code, r.body) == (404, {"error": "No mock registered"})
    r = await http.get("https://other.org/")
    assert r.status_code == 404
    assert [c["method"] for c in http.calls] == ["POST", "PUT", "PATCH", "DELETE", "GET"]


async def test_http_mock_headers():
    http = MockHTTP()
    http.mock_get("x", "text body", headers={"Content-Type": "text/plain"})
    r = await http.get("x")
    assert r.headers == {"Content-Type": "text/plain"} and r.text() == "text body"


# -- MockConfig -----------------------------------------------------------------------------------


def test_config_dot_paths_sections_all_require():
    cfg = MockConfig({"models": {"primary_model": "m"}, "flag": False, "n": None})
    assert cfg.get("models.primary_model") == "m"
    assert cfg.get("models.nope", "d") == "d"
    assert cfg.get("flag") is False
    section = cfg.get_section("models")
    section["primary_model"] = "changed"
    assert cfg.get("models.primary_model") == "m"
    assert cfg.get_section("flag") == {}
    everything = cfg.all()
    everything["models"]["primary_model"] = "x"
    assert cfg.get("models.primary_model") == "m"
    assert cfg.require("models.primary_model") == "m"
    with pytest.raises(ValidationError) as err:
        cfg.require("n")
    assert err.value.field == "n"
    assert "Required config key not found" in str(err.value)
    assert MockConfig().all() == {}


# -- MockExtensions -------------------------------------------------------------------------------


async def test_extensions_call_sync_and_async_handlers_and_emit():
    ext = MockExtensions()

    async def async_handler(**kw):
        return {"async": kw}

    ext.register("billing", "charge", async_handler)
    ext.register("billing", "peek", lambda **kw: {"sync": kw})
    assert await ext.call("billing", "charge", amount=5) == {"async": {"amount": 5}}
    assert await ext.call("billing", "peek") == {"sync": {}}
    with pytest.raises(ExtensionError) as err:
        await ext.call("billing", "refund")
    assert err.value.app_id == "billing"
    assert "Method 'refund' not found" in str(err.value)
    await ext.emit("notes.created", {"id": "1"})
    assert ext._emitted == [{"event_type": "notes.created", "data": {"id": "1"}}]


def test_types_importable_from_imperal_sdk_types_models():
    alias.install()
    from imperal_sdk.types.models import FileInfo as F
    from imperal_sdk.types.models import HTTPResponse as H

    assert F is FileInfo and H is HTTPResponse
