"""`@chat.function(..., event="x.y")`: a call that succeeds publishes its event (the result's
data as the payload) to every `@ext.on_event("x.y")` handler, in any extension including its
own, each handler its own ledger row, as `ctx.extensions.emit` does. A failed call publishes
nothing; a failing handler fails only its own row."""

from __future__ import annotations

from kernel import Kernel, KernelConfig
from tests.kernel.fault_support import call, finished

BOOKMARKS = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("bookmarks", version="0.1.0", display_name="Bookmarks")
chat = ChatExtension(ext, "bookmarks", "Saves links.")


class Link(BaseModel):
    url: str


class Nothing(BaseModel):
    pass


@chat.function("save", description="Save a link.", action_type="write",
               event="bookmarks.saved")
async def save(ctx, params: Link) -> ActionResult:
    if not params.url.startswith("http"):
        return ActionResult.error("not a link", code="BAD_URL")
    doc = await ctx.store.create("links", {"url": params.url})
    return ActionResult.success({"id": doc.id, "url": params.url}, "saved")


@chat.function("count", description="Count saved links.", action_type="read",
               event="bookmarks.counted")
async def count(ctx, params: Nothing) -> ActionResult:
    return ActionResult.success([1, 2], "counted")


@ext.on_event("bookmarks.saved")
async def remember(ctx, event):
    await ctx.store.create("seen", {"by": "bookmarks", "data": event.data})


@ext.on_event("bookmarks.counted")
async def counted(ctx, event):
    await ctx.store.create("seen", {"by": "counted", "data": event.data})


@chat.function("seen", description="What the handlers saw.", action_type="read")
async def seen(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("seen")
    return ActionResult.success({"items": [d.data for d in page.data]}, "seen")
"""

LISTENER = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("listener", version="0.1.0", display_name="Listener")
chat = ChatExtension(ext, "listener", "Hears bookmarks.")


class Nothing(BaseModel):
    pass


@ext.on_event("bookmarks.saved")
async def heard(ctx, event):
    await ctx.store.create("heard", {"type": event.event_type, "url": event.data["url"]})


@chat.function("heard", description="What this extension heard.", action_type="read")
async def what(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("heard")
    return ActionResult.success({"items": [d.data for d in page.data]}, "heard")
"""

GRUMPY = """
from imperal_sdk import ChatExtension, Extension

ext = Extension("grumpy", version="0.1.0", display_name="Grumpy")
chat = ChatExtension(ext, "grumpy", "Fails on every bookmark.")


@ext.on_event("bookmarks.saved")
async def refuse(ctx, event):
    await ctx.store.create("never", {"x": 1})
    raise RuntimeError("not today")
"""


async def _rows(k, function):
    return [r for r in await k.audit(limit=100) if r["function"] == function]


async def test_a_successful_call_publishes_its_event(home, write_extension):
    write_extension("bookmarks", BOOKMARKS)
    write_extension("listener", LISTENER)
    write_extension("grumpy", GRUMPY)
    async with await Kernel.open(KernelConfig.load()) as k:
        assert not k.load_errors, k.load_errors
        saved = finished(await call(k, "bookmarks", "save", {"url": "https://a.test"}))
        assert saved.ok, saved
        payload = {"id": saved.data["id"], "url": "https://a.test"}

        own = finished(await call(k, "bookmarks", "seen")).data["items"]
        assert own == [{"by": "bookmarks", "data": payload}]
        other = finished(await call(k, "listener", "heard")).data["items"]
        assert other == [{"type": "bookmarks.saved", "url": "https://a.test"}]

        rows = await _rows(k, "on_event:bookmarks.saved")
        by_app = {r["app_id"]: r for r in rows}
        assert sorted(by_app) == ["bookmarks", "grumpy", "listener"]
        assert all(r["source"] == "event:bookmarks" for r in rows)
        assert (by_app["bookmarks"]["status"], by_app["listener"]["status"]) == ("ok", "ok")
        assert by_app["grumpy"]["status"] == "error"
        assert "RuntimeError: not today" in by_app["grumpy"]["error"]
        assert await k.verify_ledger() is None


async def test_a_failed_call_publishes_nothing(home, write_extension):
    write_extension("bookmarks", BOOKMARKS)
    write_extension("listener", LISTENER)
    async with await Kernel.open(KernelConfig.load()) as k:
        failed = finished(await call(k, "bookmarks", "save", {"url": "nope"}))
        assert (failed.status, failed.error_code) == ("error", "BAD_URL")
        assert await _rows(k, "on_event:bookmarks.saved") == []
        assert finished(await call(k, "listener", "heard")).data["items"] == []


async def test_data_that_is_not_an_object_arrives_as_value(home, write_extension):
    write_extension("bookmarks", BOOKMARKS)
    async with await Kernel.open(KernelConfig.load()) as k:
        assert finished(await call(k, "bookmarks", "count")).ok
        items = finished(await call(k, "bookmarks", "seen")).data["items"]
        assert items == [{"by": "counted", "data": {"value": [1, 2]}}]
