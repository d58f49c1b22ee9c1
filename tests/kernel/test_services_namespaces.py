"""The kernel's signals, users, apps, rbac and conversations services, called as a worker calls
them (JSON both ways through dispatch): answers, bad input refused, read-only renders refused."""

import json

import pytest

from kernel.host.ctx_proxy import build_worker_context, error_from_remote
from kernel.host.scope import CallScope, RemoteError
from kernel.services import KernelServices, dispatch
from kernel.services.common import to_remote
from sdk import Extension
from sdk.errors import NotAvailableInShell, NotFoundError


@pytest.fixture
def services(tmp_path):
    return KernelServices.open(tmp_path / "data", tmp_path / "config", secrets_backend="vault")


@pytest.fixture
def make_ctx(tmp_path, services):
    def make(app_id="notes", read_only=False, user_id="alice", emitted=None, config=None):
        scope = CallScope(call_id="c1", user_id=user_id, tenant_id="default", app_id=app_id,
                          function="fn", tool_type="panel" if read_only else "chat_fn",
                          read_only=read_only, data_dir=tmp_path / "data",
                          config=config or {}, services=services.mapping())  # fmt: skip
        if emitted is not None:

            async def emit(event_type, data):
                emitted.append((event_type, data))
                return 1

            scope.emit = emit

        async def rpc(service, method, params):
            wire = json.loads(json.dumps(params, allow_nan=False))
            try:
                return json.loads(json.dumps(await dispatch(scope, service, method, wire)))
            except RemoteError as err:
                raise RemoteError(
                    *json.loads(json.dumps([err.kind, err.message, err.data]))
                ) from None

        ctx = build_worker_context(rpc=rpc, user_id=user_id, app_id=app_id,
                                   tool_type=scope.tool_type, ext=Extension(app_id))  # fmt: skip
        return ctx, scope

    return make


async def test_signals_become_events_and_bad_input_changes_nothing(make_ctx):
    emitted = []
    ctx, _ = make_ctx(emitted=emitted)
    heard = []
    ctx._signals_client.subscribe("temp", lambda k, v: heard.append(v))
    assert await ctx._signals_client.emit("temp", 21, room="lab") == {"ok": True, "key": "temp"}
    assert heard == [21]
    assert emitted == [("signal.temp", {"key": "temp", "value": 21, "metadata": {"room": "lab"},
                                        "from": "notes"})]  # fmt: skip
    with pytest.raises(ValueError):
        await ctx._signals_client.emit("has space", 1)
    with pytest.raises(TypeError):
        await ctx._signals_client.emit("temp", object())
    assert heard == [21] and len(emitted) == 1


async def test_signals_are_refused_in_a_read_only_render(make_ctx):
    ctx, _ = make_ctx(read_only=True, emitted=[])
    with pytest.raises(PermissionError, match="read-only"):
        await ctx._signals_client.emit("temp", 1)


async def test_users_are_the_one_local_user(make_ctx):
    ctx, _ = make_ctx()
    users = ctx._users_client
    assert [u["id"] for u in await users.list()] == ["alice"]
    assert await users.list(search="nobody") == []
    assert (await users.get("alice"))["role"] == "admin"
    assert await users.surfaces("alice") == ["terminal"]
    with pytest.raises(NotFoundError):
        await users.get("bob")
    with pytest.raises(NotAvailableInShell, match="ctx.users.update"):
        await users.update("alice", display_name="A")
    with pytest.raises(PermissionError):  # acting for another user needs a system context
        await users.for_user("bob").list()


async def test_apps_list_the_catalog_and_keep_settings_per_extension(make_ctx, services):
    class Info:
        def __init__(self, app_id):
            self.app_id, self.display_name, self.version = app_id, app_id.title(), "1.0"

    class Catalog:
        def infos(self):
            return [Info("notes"), Info("mail")]

    services.catalog = Catalog()
    ctx, _ = make_ctx(config={"theme": "dark"})
    apps = ctx._apps_client
    assert [a["app_id"] for a in await apps.list_all()] == ["notes", "mail"]
    assert await apps.list_pending() == []
    assert await apps.get_settings("notes") == {"theme": "dark"}
    with pytest.raises(PermissionError):
        await apps.get_settings("mail")
    with pytest.raises(NotFoundError):
        await apps.users("ghost")
    with pytest.raises(NotAvailableInShell, match="ctx.apps.approve"):
        await apps.approve("mail")


async def test_rbac_grants_everything_and_records_each_question(make_ctx, services):
    ctx, _ = make_ctx()
    rbac = ctx._rbac_client
    assert await rbac.effective_scopes("alice") == ["*"]
    assert (await rbac.list_roles())[0]["scopes"] == ["*"]
    assert list(services.rbac_log.records)[-2:] == [
        ("notes", "alice", "effective_scopes", "alice"), ("notes", "alice", "list_roles", "")
    ]  # fmt: skip
    with pytest.raises(NotAvailableInShell):
        await rbac.create_role(title="ops")


async def test_conversations_are_a_working_store(make_ctx):
    ctx, _ = make_ctx()
    conv = ctx._conversations_client
    a = await conv.create(title="A")
    b = await conv.create(title="B")
    await conv.update(b["id"], archived=True)
    assert [c["title"] for c in await conv.list()] == ["A"]
    assert len(await conv.list(include_archived=True)) == 2
    assert (await conv.activate(a["id"]))["active"] is True
    assert await conv.messages(a["id"]) == []
    await conv.delete(a["id"])
    with pytest.raises(NotFoundError):
        await conv.activate(a["id"])
    with pytest.raises(TypeError):
        await conv.create(title=5)  # type: ignore[arg-type]
    assert await ctx._users_client.reset_conversation("alice") == {"ok": True, "cleared": 1}
    assert await conv.list(include_archived=True) == []
    ro, _ = make_ctx(read_only=True)
    with pytest.raises(PermissionError):
        await ro._conversations_client.create(title="x")


def test_not_available_crosses_the_rpc_boundary_intact():
    err = to_remote(NotAvailableInShell("ctx.x", "why"))
    back = error_from_remote(err)
    assert isinstance(back, NotAvailableInShell)
    assert (back.feature, back.reason) == ("ctx.x", "why")
