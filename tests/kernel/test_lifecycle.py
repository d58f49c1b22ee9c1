"""Async lifecycle: promotion to a task, ctx.background_task, cancellation, `tasks`."""

from __future__ import annotations

import asyncio

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev

SLOW = """
import asyncio
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("slow", version="1.0.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Slow things")

class Wait(BaseModel):
    seconds: float = 0.5
    title: str = "x"

@chat.function("save_later", action_type="write", description="Save a document after a while.")
async def save_later(ctx, params: Wait) -> ActionResult:
    await ctx.progress(10, "waiting")
    await asyncio.sleep(params.seconds)
    doc = await ctx.store.create("items", {"title": params.title})
    return ActionResult.success({"id": doc.id}, summary="saved")

@chat.function("count", action_type="read", description="Count the saved documents.")
async def count(ctx, params: Wait) -> ActionResult:
    return ActionResult.success({"n": await ctx.store.count("items")}, summary="counted")

@chat.function("kick_off", action_type="write", description="Start a background save job.")
async def kick_off(ctx, params: Wait) -> ActionResult:
    async def job():
        await asyncio.sleep(params.seconds)
        await ctx.store.create("items", {"title": params.title})
        await ctx.progress(100, "done")
    task_id = await ctx.background_task(job(), name="bg-save")
    return ActionResult.success({"task_id": task_id}, summary="started")

@chat.function("nested", action_type="read", description="Call itself through ctx.extensions.")
async def nested(ctx, params: Wait) -> ActionResult:
    out = await ctx.extensions.call("slow", "nested", seconds=0)
    return ActionResult.success({"inner": str(out)}, summary="nested")
"""


@pytest.fixture
async def slow_kernel(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "20")
    write_extension("slow", SLOW)
    k = await Kernel.open(KernelConfig.load())
    assert not k.load_errors, k.load_errors
    yield k
    await k.close()


async def count(session) -> int:
    events = await session.call("slow", "count", {})
    return next(e for e in events if isinstance(e, ev.ActionFinished)).data["n"]


async def test_a_long_call_is_promoted_and_its_result_follows(slow_kernel):
    s = slow_kernel.session("alice")
    events = await s.call("slow", "save_later", {"seconds": 0.8})
    kinds = [type(e).__name__ for e in events]
    assert "TaskPromoted" in kinds and "Progress" in kinds
    promoted = next(e for e in events if isinstance(e, ev.TaskPromoted))
    finished = next(e for e in events if isinstance(e, ev.ActionFinished))
    assert kinds.index("TaskPromoted") < kinds.index("ActionFinished") and finished.ok
    (task,) = [t for t in await slow_kernel.tasks("alice") if t["id"] == promoted.task_id]
    assert task["status"] == "ok"
    assert await count(s) == 1


async def test_a_promoted_call_goes_on_when_its_client_leaves(slow_kernel):
    s = slow_kernel.session("alice")
    sub = slow_kernel.subscribe("alice")
    stream = s.call("slow", "save_later", {"seconds": 0.8, "title": "kept"}).__aiter__()
    while not isinstance(await stream.__anext__(), ev.TaskPromoted):
        pass
    await stream.aclose()  # the client disconnects after the acknowledgment
    got = []
    async with asyncio.timeout(10):
        async for event in sub:
            got.append(event)
            if isinstance(event, ev.ActionFinished):
                break
    await sub.aclose()
    assert got[-1].ok and await count(s) == 1


async def test_a_client_leaving_before_promotion_cancels_and_commits_nothing(slow_kernel):
    s = slow_kernel.session("alice")
    slow_kernel.executor.promote_after = 30.0
    stream = s.call("slow", "save_later", {"seconds": 1.0}).__aiter__()
    while not isinstance(await stream.__anext__(), ev.ActionStarted):
        pass
    await stream.aclose()
    await asyncio.sleep(1.5)
    assert await count(s) == 0
    rows = await slow_kernel.audit(limit=10)
    assert any(r["function"] == "save_later" and r["status"] == "cancelled" for r in rows)


async def test_tasks_cancel_stops_a_promoted_call(slow_kernel):
    s = slow_kernel.session("alice")
    stream = s.call("slow", "save_later", {"seconds": 5}).__aiter__()
    while not isinstance(event := await stream.__anext__(), ev.TaskPromoted):
        pass
    assert not await slow_kernel.cancel_task("bob", event.task_id)  # not bob's task
    rest = asyncio.ensure_future(_drain(stream))
    assert await slow_kernel.cancel_task("alice", event.task_id)
    (task,) = [t for t in await slow_kernel.tasks("alice") if t["id"] == event.task_id]
    assert task["status"] == "cancelled"
    events = await rest  # the follower hears the end: a cancelled result, then the stream ends
    finished = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert [e.status for e in finished] == ["cancelled"] and "was cancelled" in finished[0].error
    assert await count(s) == 0


async def _drain(stream):
    return [e async for e in stream]


async def test_background_task_commits_its_own_writes(slow_kernel):
    s = slow_kernel.session("alice")
    sub = slow_kernel.subscribe("alice")
    events = await s.call("slow", "kick_off", {"seconds": 0.2, "title": "later"})
    finished = next(e for e in events if isinstance(e, ev.ActionFinished))
    task_id = finished.data["task_id"]
    async with asyncio.timeout(10):
        async for event in sub:
            if isinstance(event, ev.ProactiveMessage) and "bg-save" in event.text:
                break
    await sub.aclose()
    assert "finished" in event.text
    (task,) = [t for t in await slow_kernel.tasks("alice") if t["id"] == task_id]
    assert task["status"] == "ok" and task["kind"] == "background"
    assert await count(s) == 1
    rows = await slow_kernel.audit(limit=20)
    assert any(r["source"] == "background:bg-save" and r["status"] == "ok" for r in rows)


async def test_background_task_is_capped(slow_kernel):
    slow_kernel.invoker.inline_cap = 0.5
    s = slow_kernel.session("alice")
    sub = slow_kernel.subscribe("alice")
    events = await s.call("slow", "kick_off", {"seconds": 3})
    task_id = next(e for e in events if isinstance(e, ev.ActionFinished)).data["task_id"]
    async with asyncio.timeout(10):
        async for event in sub:
            if isinstance(event, ev.ProactiveMessage):
                break
    await sub.aclose()
    assert "did not finish" in event.text
    (task,) = [t for t in await slow_kernel.tasks("alice") if t["id"] == task_id]
    assert task["status"] == "error"
    assert await count(s) == 0


async def test_a_call_cycle_between_extensions_is_refused(slow_kernel):
    s = slow_kernel.session("alice")
    events = await s.call("slow", "nested", {})
    finished = next(e for e in events if isinstance(e, ev.ActionFinished))
    assert not finished.ok and "circular call detected" in finished.error.lower()


LISTENER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("listener", version="1.0.0", display_name="Listener")
chat = ChatExtension(ext, "listener", "Hears events")

class Nothing(BaseModel):
    pass

@ext.on_event("slow.saved")
async def heard(ctx, event):
    await ctx.store.create("heard", {"type": event.event_type, "title": event.data["title"]})

@chat.function("heard", action_type="read", description="What this extension has heard.")
async def what(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("heard")
    return ActionResult.success({"items": [d.data for d in page.data]}, summary="heard")
"""

EMITTER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("emitter", version="1.0.0", display_name="Emitter")
chat = ChatExtension(ext, "emitter", "Emits events")

class T(BaseModel):
    title: str

@chat.function("announce", action_type="write", description="Tell listeners something was saved.")
async def announce(ctx, params: T) -> ActionResult:
    await ctx.extensions.emit("slow.saved", {"title": params.title})
    return ActionResult.success({}, summary="announced")
"""


async def test_emit_runs_other_extensions_handlers_through_the_ledger(home, write_extension):
    write_extension("listener", LISTENER)
    write_extension("emitter", EMITTER)
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        events = await s.call("emitter", "announce", {"title": "Q3"})
        assert next(e for e in events if isinstance(e, ev.ActionFinished)).ok
        heard = await s.call("listener", "heard", {})
        data = next(e for e in heard if isinstance(e, ev.ActionFinished)).data
        assert data["items"] == [{"type": "slow.saved", "title": "Q3"}]
        rows = await k.audit(limit=10)
        assert any(
            r["app_id"] == "listener" and r["function"] == "on_event:slow.saved"
            and r["source"] == "event:emitter" and r["status"] == "ok"
            for r in rows
        )  # fmt: skip


NOTIFIER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("pinger", version="1.0.0", display_name="Pinger")
chat = ChatExtension(ext, "pinger", "Notifies")

class Nothing(BaseModel):
    pass

@chat.function("ping", action_type="write", description="Send the user a notification.")
async def ping(ctx, params: Nothing) -> ActionResult:
    await ctx.notify("the oven is hot")
    await ctx.deliver_chat_message("dinner is ready")
    return ActionResult.success({}, summary="pinged")
"""


async def test_notify_and_chat_messages_reach_the_users_subscription(home, write_extension):
    write_extension("pinger", NOTIFIER)
    async with await Kernel.open(KernelConfig.load()) as k:
        sub = k.subscribe("alice")
        other = k.subscribe("bob")
        events = await k.session("alice").call("pinger", "ping", {})
        assert next(e for e in events if isinstance(e, ev.ActionFinished)).ok
        got = []
        async with asyncio.timeout(5):
            async for event in sub:
                got.append(event)
                if isinstance(event, ev.ProactiveMessage):
                    break
        assert ev.Notification("pinger", "the oven is hot") in got
        assert ev.ProactiveMessage("pinger", "dinner is ready") in got
        assert other._queue.empty()
        await sub.aclose()
        await other.aclose()


async def test_the_kernel_is_busy_while_background_work_runs(slow_kernel):
    """The resident kernel's idle exit asks `kernel.busy`: a task nobody watches keeps it up."""
    s = slow_kernel.session("alice")
    assert not slow_kernel.busy
    await s.call("slow", "kick_off", {"seconds": 0.6})
    assert slow_kernel.busy
    async with asyncio.timeout(10):
        while slow_kernel.busy:
            await asyncio.sleep(0.05)
    assert await count(s) == 1


ODD = """
import asyncio
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("odd", version="1.0.0", display_name="Odd")
chat = ChatExtension(ext, "odd", "Odd results")

class P(BaseModel):
    seconds: float = 0.0

@chat.function("weird_refresh", action_type="write", description="Return a malformed refresh.")
async def weird_refresh(ctx, params: P) -> dict:
    await ctx.store.create("x", {"a": 1})
    return {"status": "success", "summary": "ok", "data": {}, "refresh_panels": 5}

@chat.function("outer", action_type="write", description="Call the slow inner function.")
async def outer(ctx, params: P) -> ActionResult:
    await ctx.extensions.call("odd", "inner", seconds=params.seconds)
    return ActionResult.success({}, summary="outer done")

@chat.function("inner", action_type="write", description="Sleep, then save a document.")
async def inner(ctx, params: P) -> ActionResult:
    await asyncio.sleep(params.seconds)
    await ctx.store.create("inner", {"saved": True})
    return ActionResult.success({}, summary="inner done")

@chat.function("inner_count", action_type="read", description="Count what inner saved.")
async def inner_count(ctx, params: P) -> ActionResult:
    return ActionResult.success({"n": await ctx.store.count("inner")}, summary="counted")
"""


async def test_a_malformed_refresh_panels_refreshes_everything(home, write_extension):
    write_extension("odd", ODD)
    async with await Kernel.open(KernelConfig.load()) as k:
        events = await k.session("alice").call("odd", "weird_refresh", {})
        assert next(e for e in events if isinstance(e, ev.ActionFinished)).ok
        assert ev.PanelInvalidated("odd", None) in events


async def test_a_nested_call_is_never_promoted_and_dies_with_its_caller(
    home, write_extension, monkeypatch
):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.2")
    write_extension("odd", ODD)
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        stream = s.call("odd", "outer", {"seconds": 1.5}).__aiter__()
        while not isinstance(event := await stream.__anext__(), ev.TaskPromoted):
            pass  # the outer call goes on as a task; the inner one is part of it
        assert await k.cancel_task("alice", event.task_id)
        await asyncio.sleep(2.0)  # longer than the inner call would take
        counted = await s.call("odd", "inner_count", {})
        assert next(e for e in counted if isinstance(e, ev.ActionFinished)).data == {"n": 0}


async def test_closing_the_kernel_records_the_calls_it_stops(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.2")
    write_extension("odd", ODD)
    k = await Kernel.open(KernelConfig.load())
    stream = k.session("alice").call("odd", "inner", {"seconds": 10}).__aiter__()
    while not isinstance(await stream.__anext__(), ev.TaskPromoted):
        pass
    await stream.aclose()  # the client leaves; the task goes on until the kernel closes
    await k.close()
    async with await Kernel.open(KernelConfig.load()) as again:
        rows = [r for r in await again.audit(limit=20) if r["function"] == "inner"]
        assert [r["status"] for r in rows] == ["cancelled"]
        (task,) = await again.tasks("alice")
        assert task["status"] == "cancelled"


async def test_panel_renders_are_recorded_and_obey_policy(home, monkeypatch):
    async with await Kernel.open(KernelConfig.load()) as k:
        tree = await k.session("alice").render("notes", "notes")
        assert tree["type"] != "Error"
        (row,) = [r for r in await k.audit(limit=5) if r["source"] == "panel"]
        assert (row["app_id"], row["function"], row["action_type"], row["status"]) == (
            "notes", "panel:notes", "read", "ok",
        )  # fmt: skip
    monkeypatch.setenv("IMPERAL_SHELL_DENY", "notes.*")
    async with await Kernel.open(KernelConfig.load()) as k:
        tree = await k.session("alice").render("notes", "notes")
        assert tree["type"] == "Error" and "denied by policy" in tree["props"]["message"]
        assert (await k.audit(limit=1))[0]["status"] == "denied"
