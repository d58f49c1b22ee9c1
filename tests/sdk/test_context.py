"""`imperal_sdk.context.Context`: webhook_url, as_user, deliver_chat_message, guards, hooks; types."""

import json

import pytest
from pydantic import ValidationError

from sdk import alias
from sdk.context import Context, SkeletonAccessForbidden
from sdk.testing import MockContext, MockSecretStore
from sdk.types.identity import Tenant, TenantContext, User, UserContext
from sdk.types.models import (
    ChatResult,
    FunctionCall,
    HealthStatus,
    WebhookRequest,
    WebhookResponse,
)


def system_ctx(**kw):
    return MockContext(user_id="__system__", **kw)


# -- webhook_url --------------------------------------------------------------------------------


def test_webhook_url_host_from_env(monkeypatch):
    monkeypatch.setenv("IMPERAL_PUBLIC_HOST", "localhost:8765")
    ctx = MockContext(extension_id="stripe")
    assert (
        ctx.webhook_url("//hooks/pay") == "https://localhost:8765/v1/ext/stripe/webhook/hooks/pay"
    )


def test_webhook_url_falls_back_to_extension_app_id_and_needs_one(monkeypatch):
    monkeypatch.delenv("IMPERAL_PUBLIC_HOST", raising=False)

    class Ext:
        app_id = "crm"

    ctx = Context(
        user=UserContext(imperal_id="u", email="", tenant_id="default", role="user"),
        _extension=Ext(),
    )
    assert ctx.webhook_url("x") == "https://panel.imperal.io/v1/ext/crm/webhook/x"
    with pytest.raises(RuntimeError):
        Context(
            user=UserContext(imperal_id="u", email="", tenant_id="default", role="user")
        ).webhook_url("x")


# -- as_user --------------------------------------------------------------------------------------


def test_as_user_rules():
    with pytest.raises(RuntimeError):
        MockContext(user_id="u1").as_user("u2")
    with pytest.raises(RuntimeError):
        MockContext(user_id="__webhook__").as_user("u2")
    ctx = system_ctx()
    for bad in ("", "   ", "__system__", None):
        with pytest.raises(ValueError):
            ctx.as_user(bad)


def test_as_user_builds_a_new_identity_and_copies_the_rest():
    ctx = system_ctx(role="system", scopes=["notes.*"], tenant_id="t1", extension_id="notes")
    ctx._metadata["k"] = "v"
    child = ctx.as_user("u2")
    assert child is not ctx and isinstance(child, Context)
    assert child.user.imperal_id == "u2"
    assert (child.user.email, child.user.tenant_id, child.user.role, child.user.scopes) == (
        ctx.user.email,
        "t1",
        "system",
        ["notes.*"],
    )
    assert child.user.attributes == {"scoped_from": "__system__"}
    assert ctx.user.imperal_id == "__system__"
    for name in ("ai", "storage", "http", "config", "extensions", "time", "tenant"):
        assert getattr(child, name) is getattr(ctx, name)
    assert (child._extension_id, child._tool_type) == ("notes", ctx._tool_type)
    assert child._metadata == {"k": "v"} and child._metadata is not ctx._metadata
    with pytest.raises(RuntimeError):
        child.as_user("u3")  # the child is no longer a system context


async def test_as_user_rebinds_clients_with_for_user_and_shares_mocks():
    class Bound:
        def __init__(self, uid="__system__"):
            self.uid = uid

        def for_user(self, uid):
            return Bound(uid)

        async def get(self, section):
            return self.uid

    ctx = Context(
        user=UserContext(imperal_id="__system__", email="", tenant_id="default", role="user"),
        store=Bound(),
        notify=Bound(),
        billing=Bound(),
        skeleton=Bound(),
        _tool_type="skeleton",
    )
    child = ctx.as_user("u9")
    assert (child.store.uid, child.notify.uid, child.billing.uid) == ("u9", "u9", "u9")
    assert await child.skeleton.get("s") == "u9"
    assert child._raw_skeleton.uid == "u9"

    mock = system_ctx()
    assert mock.as_user("u1").store is mock.store  # MockStore has no for_user: shared


def test_as_user_carries_hooks_and_secrets():
    ctx = system_ctx()

    async def progress(p, m):
        return None

    ctx._progress_callback = progress
    ctx._intent_type = "write"
    ctx.secrets = MockSecretStore({"a": "b"})
    child = ctx.as_user("u1")
    assert child._progress_callback is progress
    assert child._intent_type == "write"
    assert child.secrets is ctx.secrets
    assert not hasattr(system_ctx().as_user("u1"), "secrets")


# -- deliver_chat_message -------------------------------------------------------------------------


async def test_deliver_chat_message_through_the_hook():
    sent = []

    async def hook(payload):
        sent.append(payload)

    ctx = MockContext(user_id="u1", extension_id="notes")
    ctx._chat_message_hook = hook
    await ctx.deliver_chat_message("done")
    await ctx.deliver_chat_message("note", msg_type="system", refresh_panels=["list"])
    assert sent == [
        {"ext_id": "notes", "user_id": "u1", "text": "done", "msg_type": "response"},
        {
            "ext_id": "notes",
            "user_id": "u1",
            "text": "note",
            "msg_type": "system",
            "refresh_panels": ["list"],
        },
    ]


async def test_deliver_chat_message_truncates_over_64_kb():
    sent = []

    async def hook(payload):
        sent.append(payload)

    ctx = MockContext()
    ctx._chat_message_hook = hook
    await ctx.deliver_chat_message("я" * 40000)  # 80000 UTF-8 bytes
    text = sent[0]["text"]
    assert text.endswith("...(truncated)")
    assert len(text.encode("utf-8")) <= 65536
    text.encode("utf-8").decode("utf-8")  # no split characters
    await ctx.deliver_chat_message("x" * 65536)
    assert sent[1]["text"] == "x" * 65536


async def test_deliver_chat_message_needs_an_extension_id():
    ctx = MockContext(extension_id="")

    async def hook(payload):
        raise AssertionError("not called")

    ctx._chat_message_hook = hook
    with pytest.raises(RuntimeError):
        await ctx.deliver_chat_message("x")


# -- hooks ------------------------------------------------------------------------------------------


async def test_progress_and_background_hooks():
    ctx = MockContext()
    seen = []

    async def progress(p, m):
        seen.append((p, m))

    async def spawn(coro, *, long_running, name):
        await coro
        return f"task-{name}-{long_running}"

    ctx._progress_callback = progress
    ctx._background_task_spawn = spawn
    await ctx.progress(10, "start")

    async def job():
        return None

    assert await ctx.background_task(job()) == "task-background-False"
    assert await ctx.background_task(job(), long_running=True, name="sync") == "task-sync-True"
    assert seen == [(10, "start")]


def test_cache_hook():
    ctx = MockContext()
    ctx._cache_client = object()
    assert ctx.cache is ctx._cache_client


async def test_skeleton_guard_raises_outside_skeleton_tools():
    for tool_type in ("tool", "panel", "chat_fn"):
        ctx = MockContext(tool_type=tool_type)
        with pytest.raises(SkeletonAccessForbidden):
            await ctx.skeleton.get("x")
        with pytest.raises(PermissionError):
            await ctx.skeleton.get("x")
    assert (
        Context(
            user=UserContext(imperal_id="u", email="", tenant_id="default", role="user")
        ).skeleton
        is None
    )


def test_context_has_no_secrets_field_and_keeps_documented_fields():
    ctx = Context(user=UserContext(imperal_id="u", email="", tenant_id="default", role="user"))
    assert not hasattr(ctx, "secrets")
    for name in ("agency_id", "agency_theme", "_call_token", "_gateway_url", "_service_token"):
        assert hasattr(ctx, name)
    for name in ("db", "tools"):  # 5.0.1 fields that 5.11 no longer has
        assert not hasattr(ctx, name)


# -- identity and types -------------------------------------------------------------------------------


def test_user_and_tenant_full_models():
    user = User(
        imperal_id="u1",
        email="e",
        tenant_id="t",
        role="user",
        scopes=["mail.*"],
        auth_method="password",
        created_at="2026-01-01T00:00:00Z",
    )
    assert user.has_scope("mail.send") and not user.has_scope("notes")
    assert user.auth_method == "password" and user.last_login is None
    ctx_user = user.to_context()
    assert isinstance(ctx_user, UserContext) and ctx_user.imperal_id == "u1"
    assert User is not UserContext and Tenant is not TenantContext
    t = Tenant(
        id="1",
        tenant_id="t",
        name="T",
        db_backend="sqlite",
        isolation="shared",
        allowed_auth_methods=["password"],
        max_connections=4,
        created_at="2026-01-01",
        updated_at="2026-01-01",
    ).to_context()
    assert isinstance(t, TenantContext) and t.isolation == "shared"
    # As in 5.11: the identity's email, tenant and role are required, a tenant context's name too.
    with pytest.raises(ValidationError):
        UserContext(imperal_id="u")
    with pytest.raises(ValidationError):
        TenantContext(tenant_id="t")
    assert list(UserContext.model_fields)[:3] == ["imperal_id", "email", "tenant_id"]


def test_webhook_and_health_types():
    req = WebhookRequest("POST", body=b'{"a": 1}')
    assert req.json() == {"a": 1} and req.text() == '{"a": 1}'
    assert WebhookRequest("GET").headers == {} and WebhookRequest("GET").query_params == {}
    ok = WebhookResponse.ok({"received": True})
    assert (ok.status_code, ok.body) == (200, {"received": True})
    assert WebhookResponse.ok().body == "OK"
    err = WebhookResponse.error("bad sig")
    assert (err.status_code, err.body) == (400, {"error": "bad sig"})
    assert WebhookResponse.error("x", status=401).to_dict() == {
        "status_code": 401,
        "body": {"error": "x"},
        "headers": {},
    }
    h = HealthStatus.ok({"connections": 5})
    assert (h.status, h.details, h.message) == ("ok", {"connections": 5}, "")
    assert HealthStatus.ok().details == {}
    assert HealthStatus.degraded("slow").status == "degraded"
    assert HealthStatus.unhealthy("down").message == "down"


def test_chat_result_serialises_with_underscore_keys():
    from sdk.types.action_result import ActionResult

    fc = FunctionCall("create", {"t": 1}, "write", True, False, "notes.created")
    fc.result = ActionResult.success({"id": "1"}, "ok")
    out = ChatResult(response="Done", handled=True, functions_called=[fc]).to_dict()
    assert out["_handled"] is True and out["_message_type"] == "text"
    assert out["_functions_called"][0]["result"]["status"] == "success"
    assert out["_functions_called"][0]["action_type"] == "write"
    json.dumps(out)


def test_context_importable_via_alias():
    alias.install()
    import imperal_sdk.context
    from imperal_sdk.context import Context as C

    assert C is Context and imperal_sdk.context.TimeContext
