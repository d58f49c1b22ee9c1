"""`imperal_sdk.cache`: the pre-network rules and the backend-driven CacheClient."""

import pytest
from pydantic import BaseModel

from sdk import cache
from sdk.cache import CacheClient, CacheProtocol, CacheRules, MemoryCacheBackend
from sdk.cache import backend as cache_backend
from sdk.extension import Extension

ext = Extension("mail")


@ext.cache_model("inbox_summary")
class Summary(BaseModel):
    unread: int
    subject: str = ""


@ext.cache_model("folder")
class Folder(BaseModel):
    name: str


class SubSummary(Summary):
    pass


class Unregistered(BaseModel):
    x: int = 0


def make(user="u1", backend=None):
    return CacheClient.with_backend("mail", user, backend or MemoryCacheBackend(), extension=ext)


@pytest.mark.parametrize("key", ["", "a b", "a/b", "ключ", "a.b", "x" * 129, None, 5, "a*", "a\n"])
def test_bad_keys(key):
    with pytest.raises(ValueError):
        cache.check_key(key)


def test_good_keys():
    for key in ("a", "A-b_c:1", "x" * 128, "user:42:inbox"):
        assert cache.check_key(key) == key


@pytest.mark.parametrize("ttl", [4, 301, 0, -1, True, False, 60.0, "60", None])
def test_bad_ttl(ttl):
    with pytest.raises(ValueError):
        cache.check_ttl(ttl)


def test_ttl_edges():
    assert cache.check_ttl(5) == 5 and cache.check_ttl(300) == 300


def test_identity_lookup_of_registered_models():
    assert cache.model_name_for(ext, Summary) == "inbox_summary"
    with pytest.raises(ValueError):
        cache.model_name_for(ext, SubSummary)
    with pytest.raises(ValueError):
        cache.model_name_for(ext, Unregistered)
    with pytest.raises(ValueError):
        cache.model_name_for(None, Summary)


def test_envelope_shape_and_size_cap():
    env = cache.build_envelope("inbox_summary", Summary(unread=2))
    assert env["model"] == "inbox_summary" and env["version"] == 1
    assert env["data"] == {"unread": 2, "subject": ""}
    assert env["cached_at"].endswith("Z")
    with pytest.raises(ValueError):
        cache.build_envelope("inbox_summary", Summary(unread=1, subject="x" * 70000))


def test_rules_for_host():
    rules = CacheRules(ext)
    digest, name = rules.for_get("k", Summary)
    assert name == "inbox_summary" and digest == cache.key_hash("k") and len(digest) == 16
    digest, env, ttl = rules.for_set("k", Folder(name="a"), 30)
    assert env["model"] == "folder" and ttl == 30
    with pytest.raises(TypeError):
        rules.for_get("k", Summary(unread=1))
    with pytest.raises(TypeError):
        rules.for_set("k", {"unread": 1}, 30)
    assert rules.model_names() == ["inbox_summary", "folder"]


async def test_client_round_trip():
    c = make()
    assert isinstance(c, CacheProtocol)
    assert await c.get("k", Summary) is None
    await c.set("k", Summary(unread=3))
    got = await c.get("k", Summary)
    assert isinstance(got, Summary) and got.unread == 3
    assert await c.get("k", Folder) is None  # another model name, another entry


async def test_client_checks_before_storage():
    class Exploding:
        async def get(self, *a):
            raise AssertionError("no I/O expected")

        put = delete = get

    c = make(backend=Exploding())
    with pytest.raises(ValueError):
        await c.set("bad key", Summary(unread=1))
    with pytest.raises(ValueError):
        await c.set("k", Summary(unread=1), ttl_seconds=301)
    with pytest.raises(TypeError):
        await c.set("k", {"unread": 1})
    with pytest.raises(ValueError):
        await c.set("k", Unregistered())
    with pytest.raises(TypeError):
        await c.get("k", dict)
    with pytest.raises(ValueError):
        await c.get("k", SubSummary)
    with pytest.raises(ValueError):
        await c.set("k", Summary(unread=1, subject="x" * 70000))


async def test_client_is_scoped_per_user():
    backend = MemoryCacheBackend()
    await make("u1", backend).set("k", Summary(unread=1))
    assert await make("u2", backend).get("k", Summary) is None
    assert (await make("u1", backend).for_user("u1").get("k", Summary)).unread == 1


async def test_delete_removes_the_key_under_every_model():
    c = make()
    await c.set("k", Summary(unread=1))
    await c.set("k", Folder(name="x"))
    await c.delete("k")
    assert await c.get("k", Summary) is None
    assert await c.get("k", Folder) is None
    await c.delete("never-set")


async def test_version_or_name_mismatch_reads_as_miss():
    backend = MemoryCacheBackend()
    c = make(backend=backend)
    digest = cache.key_hash("k")
    env = cache.build_envelope("inbox_summary", Summary(unread=1))
    await backend.put("mail", "u1", "inbox_summary", digest, {**env, "version": 2}, 60)
    assert await c.get("k", Summary) is None
    await backend.put("mail", "u1", "inbox_summary", digest, {**env, "model": "other"}, 60)
    assert await c.get("k", Summary) is None


async def test_expiry(monkeypatch):
    backend = MemoryCacheBackend()
    c = make(backend=backend)
    now = [1000.0]
    monkeypatch.setattr(cache_backend.time, "monotonic", lambda: now[0])
    await c.set("k", Summary(unread=1), ttl_seconds=5)
    now[0] += 4.9
    assert await c.get("k", Summary) is not None
    now[0] += 0.2
    assert await c.get("k", Summary) is None


async def test_get_or_fetch():
    c = make()
    calls = []

    async def fetch():
        calls.append(1)
        return Summary(unread=len(calls))

    assert (await c.get_or_fetch("k", Summary, fetch)).unread == 1
    assert (await c.get_or_fetch("k", Summary, fetch)).unread == 1
    assert len(calls) == 1

    async def wrong():
        return Folder(name="x")

    with pytest.raises(TypeError):
        await c.get_or_fetch("other", Summary, wrong)
    with pytest.raises(ValueError):
        await c.get_or_fetch("k2", Summary, fetch, ttl_seconds=1)


async def test_get_or_fetch_propagates_a_failing_write():
    class ReadOnly(MemoryCacheBackend):
        async def put(self, *a):
            raise OSError("disk full")

    async def fetch():
        return Summary(unread=1)

    with pytest.raises(OSError):
        await make(backend=ReadOnly()).get_or_fetch("k", Summary, fetch)


async def test_real_constructor_without_a_gateway_keeps_entries_in_memory():
    c = CacheClient("mail", "u1", "", extension=ext)
    await c.set("k1", Summary(unread=1, subject="s"))
    assert await c.get("k1", Summary) == Summary(unread=1, subject="s")
    assert (await c.for_user("u2").get("k1", Summary)) is None


async def test_a_gateway_url_is_not_available_in_shell_after_the_rules_pass():
    from sdk.errors import NotAvailableInShell

    c = CacheClient("mail", "u1", "https://gw.example", "svc", "call", ext)
    with pytest.raises(ValueError):  # the rules still run first
        await c.get("bad key", Summary)
    with pytest.raises(NotAvailableInShell, match="ctx.cache"):
        await c.get("k1", Summary)
    assert "svc" not in repr(c) and "call" not in repr(c)


def test_deep_modules_import():
    from sdk.cache.client import CacheClient as Deep
    from sdk.cache.protocol import CacheProtocol as DeepProtocol

    assert Deep is CacheClient and DeepProtocol is CacheProtocol
