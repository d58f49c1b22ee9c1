import json

import pytest
from pydantic import BaseModel

from kernel.host.scope import RemoteError
from kernel.services import dispatch
from kernel.services.cache import CacheService
from sdk import Extension
from sdk.cache import build_envelope, key_hash

SCOPE = ("default", "alice", "notes")
KH = key_hash("k1")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Weather(BaseModel):
    city: str
    temp: float


class Unregistered(BaseModel):
    x: int = 0


def envelope(model="weather", **data):
    return build_envelope(model, Weather(**{"city": "Oslo", "temp": 1.5, **data}))


# -- kernel side --------------------------------------------------------------------------------


def test_entries_expire_after_their_ttl():
    clock = Clock()
    cache = CacheService(clock=clock)
    cache.put(SCOPE, "weather", KH, envelope(), 5)
    assert cache.get(SCOPE, "weather", KH)["data"]["city"] == "Oslo"
    clock.now += 4.9
    assert cache.get(SCOPE, "weather", KH) is not None
    clock.now += 0.2
    assert cache.get(SCOPE, "weather", KH) is None
    assert len(cache) == 0


@pytest.mark.parametrize("ttl", [4, 301, 0, -5, True, 60.0, "60", None])
def test_ttl_outside_5_to_300_is_refused(ttl):
    with pytest.raises(ValueError, match="ttl_seconds"):
        CacheService().put(SCOPE, "weather", KH, envelope(), ttl)


def test_the_64_kb_limit_and_envelope_shape_are_checked():
    cache = CacheService()
    big = {"model": "weather", "version": 1, "data": {"blob": "x" * 70_000}, "cached_at": ""}
    with pytest.raises(ValueError, match="65536"):
        cache.put(SCOPE, "weather", KH, big, 60)
    with pytest.raises(ValueError, match="same model"):
        cache.put(SCOPE, "other", KH, envelope(), 60)
    with pytest.raises(ValueError, match="key hash"):
        cache.put(SCOPE, "weather", "../../etc", envelope(), 60)
    with pytest.raises(ValueError, match="model name"):
        cache.get(SCOPE, "a/b", KH)


def test_scopes_are_separate_keys():
    cache = CacheService()
    cache.put(SCOPE, "weather", KH, envelope(city="A"), 60)
    assert cache.get(("default", "bob", "notes"), "weather", KH) is None
    assert cache.get(("default", "alice", "mail"), "weather", KH) is None
    assert cache.get(("acme", "alice", "notes"), "weather", KH) is None
    cache.delete(("default", "bob", "notes"), "weather", KH)
    assert cache.get(SCOPE, "weather", KH)["data"]["city"] == "A"


def test_memory_is_bounded_least_recently_used_first():
    one = len(json.dumps(envelope(), separators=(",", ":")))
    cache = CacheService(max_bytes=one * 3)
    hashes = [key_hash(f"k{i}") for i in range(5)]
    for h in hashes[:3]:
        cache.put(SCOPE, "weather", h, envelope(), 60)
    assert cache.get(SCOPE, "weather", hashes[0]) is not None  # now the most recent
    cache.put(SCOPE, "weather", hashes[3], envelope(), 60)
    cache.put(SCOPE, "weather", hashes[4], envelope(), 60)
    assert cache.get(SCOPE, "weather", hashes[1]) is None
    assert cache.get(SCOPE, "weather", hashes[0]) is not None
    assert cache._bytes <= cache.max_bytes


async def test_dispatch_refuses_other_users_and_extensions(make_scope):
    scope = make_scope()
    base = {"model": "weather", "key_hash": KH}
    await dispatch(scope, "cache", "put", {**base, "envelope": envelope(), "ttl": 60})
    assert (await dispatch(scope, "cache", "get", base))["model"] == "weather"
    for extra in ({"user_id": "bob"}, {"app_id": "mail"}):
        with pytest.raises(RemoteError) as err:
            await dispatch(scope, "cache", "get", {**base, **extra})
        assert err.value.kind == "PermissionError"
    with pytest.raises(RemoteError) as err:
        await dispatch(scope, "cache", "put", {**base, "envelope": envelope(), "ttl": 900})
    assert err.value.kind == "ValueError"
    bob = make_scope(user_id="bob")
    assert await dispatch(bob, "cache", "get", base) is None


# -- through the worker's ctx.cache -------------------------------------------------------------


def _ext():
    ext = Extension("notes")
    ext.cache_model("weather")(Weather)
    return ext


async def test_ctx_cache_round_trip(worker_ctx):
    _, ctx = worker_ctx(_ext())
    assert await ctx.cache.get("oslo", Weather) is None
    await ctx.cache.set("oslo", Weather(city="Oslo", temp=-3), ttl_seconds=30)
    got = await ctx.cache.get("oslo", Weather)
    assert isinstance(got, Weather) and got.temp == -3

    calls = []

    async def fetch():
        calls.append(1)
        return Weather(city="Bergen", temp=7)

    assert (await ctx.cache.get_or_fetch("bergen", Weather, fetch)).city == "Bergen"
    assert (await ctx.cache.get_or_fetch("bergen", Weather, fetch)).city == "Bergen"
    assert calls == [1]

    await ctx.cache.delete("oslo")
    assert await ctx.cache.get("oslo", Weather) is None

    _, bob = worker_ctx(_ext(), user_id="bob")
    assert await bob.cache.get("bergen", Weather) is None


async def test_ctx_cache_rules(worker_ctx):
    _, ctx = worker_ctx(_ext())
    with pytest.raises(ValueError, match="ttl_seconds"):
        await ctx.cache.set("k", Weather(city="x", temp=0), ttl_seconds=301)
    with pytest.raises(ValueError, match="not registered"):
        await ctx.cache.set("k", Unregistered(), ttl_seconds=60)
    with pytest.raises(ValueError, match="must match"):
        await ctx.cache.get("bad key!", Weather)
    with pytest.raises(ValueError, match="65536"):
        await ctx.cache.set("k", Weather(city="x" * 70_000, temp=0), ttl_seconds=60)


async def test_a_worker_bypassing_the_sdk_rules_is_still_checked(worker_ctx):
    _, ctx = worker_ctx(_ext())
    backend = ctx.cache._backend
    with pytest.raises(ValueError, match="ttl_seconds"):
        await backend.put("notes", "alice", "weather", KH, envelope(), 3600)
    with pytest.raises(PermissionError):
        await backend.get("notes", "bob", "weather", KH)
    with pytest.raises(PermissionError):
        await backend.get("mail", "alice", "weather", KH)
