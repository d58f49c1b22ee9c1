"""ctx.signals, ctx.users, ctx.apps, ctx.rbac and ctx.conversations from real extension workers:
signals run other extensions' handlers through the executor and the ledger; the namespaces
answer for the one local user; what only the hosted platform can do is NotAvailableInShell."""

from kernel import Kernel, KernelConfig
from kernel import events as ev

LISTENER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("listener", version="1.0.0", display_name="Listener")
chat = ChatExtension(ext, "listener", "Listens")

class Nothing(BaseModel):
    pass

@ext.on_event("signal.price")
async def heard(ctx, event):
    await ctx.store.create("heard", {"type": event.event_type, **event.data})

@chat.function("heard", action_type="read", description="What this extension has heard.")
async def what(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("heard")
    return ActionResult.success({"items": [d.data for d in page.data]}, summary="heard")
"""

EMITTER = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult
from imperal_sdk.errors import NotAvailableInShell

ext = Extension("emitter", version="1.0.0", display_name="Emitter")
chat = ChatExtension(ext, "emitter", "Emits signals")

class Price(BaseModel):
    value: int

class Nothing(BaseModel):
    pass

def ns(ctx, name):
    return getattr(ctx, name, None) or getattr(ctx, f"_{name}_client")

@chat.function("quote", action_type="write", description="Publish a price signal.")
async def quote(ctx, params: Price) -> ActionResult:
    local = []
    signals = ns(ctx, "signals")
    signals.subscribe("price", lambda key, value: local.append(value))
    answer = await signals.emit("price", params.value, source="feed")
    return ActionResult.success({"answer": answer, "local": local}, summary="quoted")

@chat.function("who", action_type="write", description="Ask the 6.x namespaces.")
async def who(ctx, params: Nothing) -> ActionResult:
    me = ctx.user.imperal_id
    conv = await ns(ctx, "conversations").create(title="Plans")
    await ns(ctx, "conversations").update(conv["id"], pinned=True)
    out = {
        "users": await ns(ctx, "users").list(),
        "apps": sorted(a["app_id"] for a in await ns(ctx, "apps").list_all()),
        "scopes": await ns(ctx, "rbac").effective_scopes(me),
        "conversations": await ns(ctx, "conversations").list(),
    }
    try:
        await ns(ctx, "users").delete(me)
    except NotAvailableInShell as exc:
        out["refused"] = str(exc)
    return ActionResult.success(out, summary="asked")
"""


def _finished(events):
    return next(e for e in events if isinstance(e, ev.ActionFinished))


async def test_a_signal_runs_listeners_through_the_ledger(home, write_extension):
    write_extension("listener", LISTENER)
    write_extension("emitter", EMITTER)
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        done = _finished(await s.call("emitter", "quote", {"value": 42}))
        assert done.ok, done.error
        assert done.data == {"answer": {"ok": True, "key": "price"}, "local": [42]}
        heard = _finished(await s.call("listener", "heard", {})).data["items"]
        assert heard == [{"type": "signal.price", "key": "price", "value": 42,
                          "metadata": {"source": "feed"}, "from": "emitter"}]  # fmt: skip
        rows = await k.audit(limit=10)
        assert any(
            r["app_id"] == "listener" and r["function"] == "on_event:signal.price"
            and r["source"] == "event:emitter" and r["status"] == "ok"
            for r in rows
        )  # fmt: skip


async def test_namespaces_answer_for_the_local_user(home, write_extension):
    write_extension("listener", LISTENER)
    write_extension("emitter", EMITTER)
    async with await Kernel.open(KernelConfig.load()) as k:
        done = _finished(await k.session("alice").call("emitter", "who", {}))
        assert done.ok, done.error
        data = done.data
        assert [u["id"] for u in data["users"]] == ["alice"]
        assert {"emitter", "listener"} <= set(data["apps"])
        assert data["scopes"] == ["*"]
        assert [(c["title"], c["pinned"]) for c in data["conversations"]] == [("Plans", True)]
        assert "not available in imperal-shell" in data["refused"]
        assert k.services.rbac_log.records[-1] == ("emitter", "alice", "effective_scopes", "alice")
