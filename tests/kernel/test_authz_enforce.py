"""A call whose scopes the profile lacks is refused before any extension code runs, on every
entry point: chat, a typed call (`imperal-shell call`), a panel render, a panel's button (a
`ui` call), `ctx.extensions.call`, a plan step. The refusal is a `denied` ledger row and an
error naming the missing scope; the extension's marker file proves nothing of it ran."""

from __future__ import annotations

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.authz import SYSTEM_USER_ID
from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user
from tests.kernel.fault_support import finished, ledger_row

GUARDED = """
import pathlib

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

MARKS = pathlib.Path({marks!r})
ext = Extension("guarded", version="0.1.0", display_name="Guarded")
chat = ChatExtension(ext, "guarded", "Leaves a marker file for whatever runs.")


def mark(name):
    (MARKS / name).write_text("ran")


class Nothing(BaseModel):
    pass


@chat.function("look", description="Look: who am I.", action_type="read")
async def look(ctx, params: Nothing) -> ActionResult:
    mark("look")
    user = ctx.user
    return ActionResult.success({{"user": user.imperal_id, "role": user.role,
                                 "scopes": list(user.scopes), "tenant": user.tenant_id,
                                 "can_write": user.has_scope("guarded.write"),
                                 "rbac": await ctx.rbac.effective_scopes(user.imperal_id)}},
                                "looked")


@chat.function("touch", description="Touch the marker.", action_type="write")
async def touch(ctx, params: Nothing) -> ActionResult:
    mark("touch")
    await ctx.store.create("marks", {{"m": "touch"}})
    return ActionResult.success({{"touched": True}}, "touched")


@chat.function("wipe", description="Wipe everything.", action_type="destructive")
async def wipe(ctx, params: Nothing) -> ActionResult:
    mark("wipe")
    return ActionResult.success({{}}, "wiped")


@chat.function("relay", description="Read, then call touch.", action_type="read")
async def relay(ctx, params: Nothing) -> ActionResult:
    mark("relay")
    out = await ctx.extensions.call("guarded", "touch")
    said = out if isinstance(out, dict) else {{"status": out.status, "error": out.error}}
    return ActionResult.success({{"nested": said}}, "relayed")


@chat.function("impersonate", description="Try ctx.as_user.", action_type="read")
async def impersonate(ctx, params: Nothing) -> ActionResult:
    try:
        other = ctx.as_user("uma")
    except RuntimeError as exc:
        return ActionResult.success({{"refused": str(exc)}}, "refused")
    await other.store.create("notes_for", {{"by": "system"}})
    return ActionResult.success({{"acting": other.user.imperal_id}}, "acted")


@chat.function("peek", description="Peek, and tell the listeners.", action_type="read",
               event="guarded.peeked")
async def peek(ctx, params: Nothing) -> ActionResult:
    return ActionResult.success({{"peeked": True}}, "peeked")


@ext.on_event("guarded.peeked")
async def heard(ctx, event):
    mark("heard")
    await ctx.store.create("heard", {{"by": ctx.user.imperal_id}})


@ext.panel("side", slot="left", title="Side")
async def side(ctx, **kwargs):
    mark("panel")
    return {{"type": "Text", "props": {{"content": "hello"}}}}
"""

MAILER = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("mailer", version="0.1.0", display_name="Mailer")
chat = ChatExtension(ext, "mailer", "Sends mail.")


class Nothing(BaseModel):
    pass


@ext.tool("send_mail", scopes=["mailer.send"], description="Send a mail.")
async def send_mail(ctx, **kwargs):
    return {"sent": True}


@chat.function("outbox", description="List the outbox.", action_type="read")
async def outbox(ctx, params: Nothing) -> ActionResult:
    return ActionResult.success({"mails": [], "tenant": ctx.tenant_id}, "empty")
"""

CONFIG = """
[roles.mailman]
scopes = ["mailer.*"]

[roles.outsider]
scopes = ["notes.*"]

[users.ada]
role = "admin"

[users.uma]
role = "user"

[users.vic]
role = "viewer"

[users.pat]
role = "mailman"
tenant = "post"

[users.otto]
role = "outsider"
"""


@pytest.fixture
def marks(tmp_path):
    folder = tmp_path / "marks"
    folder.mkdir()
    return folder


@pytest.fixture
async def k(home, write_extension, marks):
    write_extension("guarded", GUARDED.format(marks=str(marks)))
    write_extension("mailer", MAILER)
    (home / "config.toml").write_text(CONFIG)
    kernel = await Kernel.open(KernelConfig.load())
    assert not kernel.load_errors, kernel.load_errors
    yield kernel
    await kernel.close()


def ran(marks) -> list[str]:
    return sorted(p.name for p in marks.iterdir())


def refusal(events) -> ev.Error:
    errors = [e for e in events if isinstance(e, ev.Error)]
    assert len(errors) == 1, events
    assert not any(isinstance(e, (ev.ActionStarted, ev.ConfirmationRequired)) for e in events)
    assert errors[0].code == ev.FORBIDDEN
    return errors[0]


async def denied_row(k, error: ev.Error) -> dict:
    row = await ledger_row(k, error.details["ledger_id"])
    assert row["status"] == "denied" and row["error"] == error.message
    return row


async def test_a_typed_call_without_the_scope_is_refused_before_the_extension(k, marks):
    events = await k.session("vic").call("guarded", "touch", {}, source="cli")
    error = refusal(events)
    assert "guarded.write" in error.message and "vic (role viewer)" in error.message
    assert error.details["missing_scopes"] == ["guarded.write"]
    row = await denied_row(k, error)
    assert (row["user_id"], row["function"], row["source"]) == ("vic", "touch", "cli")
    assert ran(marks) == []


async def test_a_panel_button_is_a_call_and_is_refused_alike(k, marks):
    error = refusal(await k.session("vic").call("guarded", "touch", {}, source="ui"))
    assert (await denied_row(k, error))["source"] == "ui"
    assert ran(marks) == []


async def test_the_scope_a_role_holds_lets_the_call_run(k, marks):
    done = finished(await k.session("uma").call("guarded", "touch", {}))
    assert done.ok and ran(marks) == ["touch"]
    looked = finished(await k.session("vic").call("guarded", "look", {}))
    assert looked.ok and ran(marks) == ["look", "touch"]


async def test_chat_goes_through_the_same_gate(k):
    events = await k.session("vic").send("create a note titled Keep")
    error = refusal(events)
    assert "notes.write" in error.message
    assert (await denied_row(k, error))["function"] == "create_note"
    listed = finished(await k.session("vic").call("notes", "list_notes", {}))
    assert listed.ok and listed.data["notes"] == []


async def test_a_panel_render_needs_read(k, marks):
    node = await k.session("otto").render("guarded", "side", {})
    assert node["type"] == "Error" and "guarded.read" in node["props"]["message"]
    rows = await k.audit(limit=5)
    assert (rows[-1]["function"], rows[-1]["status"]) == ("panel:side", "denied")
    assert ran(marks) == []
    shown = await k.session("vic").render("guarded", "side", {})
    assert shown["type"] == "Text" and ran(marks) == ["panel"]


async def test_ctx_extensions_call_runs_as_the_same_user_and_is_refused(k, marks):
    done = finished(await k.session("vic").call("guarded", "relay", {}))
    assert done.ok
    nested = done.data["nested"]
    assert nested["status"] == "error" and nested["code"] == ev.FORBIDDEN
    assert "guarded.write" in nested["error"]
    assert ran(marks) == ["relay"]  # the nested touch never ran
    rows = await k.audit(limit=5)
    inner = next(r for r in rows if r["function"] == "touch")
    assert (inner["status"], inner["source"], inner["user_id"]) == (
        "denied",
        "extension:guarded",
        "vic",
    )


async def test_a_denied_plan_step_skips_its_dependents_only(k, marks):
    plan = [
        {"step_id": "w", "app_id": "guarded", "tool": "touch", "args": {}, "depends_on": []},
        {"step_id": "after", "app_id": "guarded", "tool": "look", "args": {}, "depends_on": ["w"]},
        {"step_id": "free", "app_id": "guarded", "tool": "look", "args": {}, "depends_on": []},
    ]
    events = await k.session("vic").run_plan(plan)
    errors = [e for e in events if isinstance(e, ev.Error)]
    assert [(e.code, e.details["step_id"]) for e in errors] == [(ev.FORBIDDEN, "w")]
    skipped = [e for e in events if isinstance(e, ev.StepSkipped)]
    assert [s.step_id for s in skipped] == ["after"]
    done = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert [(d.step_id, d.ok) for d in done] == [("free", True)]
    assert ran(marks) == ["look"]


async def test_a_user_without_the_scope_never_sees_a_card(k, marks):
    events = await k.session("vic").call("guarded", "wipe", {})
    assert "guarded.destructive" in refusal(events).message
    assert await k.session("vic").pending_cards() == []
    asked = await k.session("uma").call("guarded", "wipe", {})
    assert any(isinstance(e, ev.ConfirmationRequired) for e in asked)
    assert ran(marks) == []


async def test_declared_scopes_are_needed_too(k):
    error = refusal(await k.session("uma").call("mailer", "outbox", {}))
    assert error.details["missing_scopes"] == ["mailer.send"]
    assert finished(await k.session("pat").call("mailer", "outbox", {})).ok
    assert finished(await k.session("ada").call("mailer", "outbox", {})).ok


async def test_an_unknown_user_is_refused_once_users_are_listed(k, marks):
    error = refusal(await k.session("mallory").call("guarded", "look", {}))
    assert "'mallory' is not listed in [users]" in error.message
    assert (await denied_row(k, error))["user_id"] == "mallory"
    assert ran(marks) == []


async def test_ctx_user_and_tenant_come_from_the_profile(k):
    posed = await k.session("uma").call("guarded", "look", {"user_id": "ada"})
    assert [e.code for e in posed if isinstance(e, ev.Error)] == [ev.INVALID_ARGS]
    seen = finished(await k.session("uma").call("guarded", "look", {})).data
    assert (seen["user"], seen["role"], seen["tenant"]) == ("uma", "user", "default")
    assert seen["scopes"] == ["*.read", "*.write", "*.destructive"] and seen["can_write"]
    assert seen["rbac"] == seen["scopes"]  # ctx.rbac answers from the same profile
    seen = finished(await k.session("vic").call("guarded", "look", {})).data
    assert (seen["role"], seen["can_write"]) == ("viewer", False)
    done = finished(await k.session("pat").call("mailer", "outbox", {}))
    assert done.data["tenant"] == "post"  # ctx.tenant_id: the profile's tenant
    assert (await ledger_row(k, done.ledger_id))["tenant_id"] == "post"


async def test_as_user_only_in_the_system_context(k):
    said = finished(await k.session("ada").call("guarded", "impersonate", {})).data
    assert "only in a system context" in said["refused"]
    scope = k.executor.invoker.scope(
        user_id=SYSTEM_USER_ID, tenant_id="default", app_id="guarded", function="impersonate",
        tool_type="schedule", read_only=False,
    )  # fmt: skip
    inv = await k.executor.invoker.run(scope, "fn", "impersonate", {}, cap=30)
    assert inv.status == "returned", inv
    assert inv.result["data"] == {"acting": "uma"}


def test_a_normal_call_cannot_reach_another_users_data_by_rpc(tmp_path):
    scope = CallScope("c1", "vic", "default", "guarded", "look", "chat_fn", True, tmp_path)
    assert acting_user(scope, {}) == "vic"
    with pytest.raises(RemoteError, match="only a system context may use ctx.as_user"):
        acting_user(scope, {"user_id": "ada"})
    system = CallScope("c2", SYSTEM_USER_ID, "default", "guarded", "x", "schedule", True, tmp_path)
    assert acting_user(system, {"user_id": "ada"}) == "ada"


async def test_no_session_may_act_as_the_system(k):
    with pytest.raises(ValueError, match="reserved for the kernel"):
        k.session(SYSTEM_USER_ID)


async def test_an_event_handler_writes_so_it_needs_write(k, marks):
    assert finished(await k.session("vic").call("guarded", "peek", {})).ok
    assert ran(marks) == []
    rows = await k.audit(limit=5)
    assert (rows[-1]["function"], rows[-1]["status"]) == ("on_event:guarded.peeked", "denied")
    assert "guarded.write" in rows[-1]["error"]
    assert finished(await k.session("uma").call("guarded", "peek", {})).ok
    assert ran(marks) == ["heard"]


async def test_an_unlisted_user_cannot_even_chat(k):
    events = await k.session("mallory").send("hello there")
    assert [(type(e).__name__, getattr(e, "code", "")) for e in events] == [("Error", ev.FORBIDDEN)]
    assert await k.history.conversations("mallory") == []
