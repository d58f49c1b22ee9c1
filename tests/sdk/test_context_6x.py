"""Context and MockContext parity with 5.11 / 6.3.7 (behaviour_*.json entries, host hooks)."""

import dataclasses

import pytest

from sdk.context import Context
from sdk.signals.client import SignalsClient
from sdk.testing import MockContext
from sdk.types.identity import UserContext

FIELDS_5_11 = [
    "user", "tenant", "store", "ai", "skeleton", "billing", "notify", "storage", "http",
    "config", "extensions", "time", "agency_id", "agency_theme", "_extension_id", "_metadata",
    "_tool_type", "_call_token", "_extension", "_gateway_url", "_service_token",
]  # fmt: skip


def plain():
    return Context(user=UserContext(imperal_id="u", email="", tenant_id="default", role="user"))


def test_fields_are_the_5_11_ones():
    assert [f.name for f in dataclasses.fields(Context)] == FIELDS_5_11


def test_mock_context_attrs():
    # behaviour (6.3.7): "MockContext attrs" (the listed prefix)
    names = set(dir(MockContext()))
    assert {
        "agency_id", "agency_theme", "ai", "apps", "as_user", "background_task", "billing",
        "cache", "config", "conversations", "deliver_chat_message", "extensions", "http", "log",
        "notify", "oauth_authorize_url", "progress", "rbac", "signals", "skeleton", "storage",
        "store", "surface", "tenant", "time", "user", "users", "webhook_url", "_cache",
    } <= names  # fmt: skip


def test_surface():
    # behaviour (6.3.7): "ctx.surface" -> "panel"; the host sets _metadata["surface"]
    assert MockContext().surface == "panel"
    ctx = plain()
    ctx._metadata["surface"] = "terminal"
    assert ctx.surface == "terminal"


def test_ctx_history_and_user_id_do_not_exist():
    # behaviour: "ctx.history" and "ctx.user.id" raise AttributeError
    ctx = MockContext()
    with pytest.raises(AttributeError):
        ctx.history  # noqa: B018
    with pytest.raises(AttributeError):
        ctx.user.id  # noqa: B018


def test_cache_reads_the_underscore_cache_attribute():
    ctx = MockContext()
    assert ctx._cache is None
    with pytest.raises(RuntimeError, match="ctx.cache"):
        ctx.cache  # noqa: B018
    marker = object()
    ctx._cache = marker
    assert ctx.cache is marker and ctx._cache_client is marker
    ctx._cache_client = "other"  # the older host name writes the same slot
    assert ctx.cache == "other"


def test_signals_default_to_a_local_client_and_hooks_win():
    ctx = plain()
    assert isinstance(ctx.signals, SignalsClient) and ctx.signals is ctx.signals
    other = plain()
    other._signals_client = marker = object()
    assert other.signals is marker


@pytest.mark.parametrize("feature", ["conversations", "users", "apps", "rbac"])
def test_platform_clients_come_from_hooks(feature):
    ctx = plain()
    with pytest.raises(RuntimeError, match=f"ctx.{feature}.*_{feature}_client"):
        getattr(ctx, feature)
    marker = object()
    setattr(ctx, f"_{feature}_client", marker)
    assert getattr(ctx, feature) is marker


async def test_mock_context_platform_mocks_work_in_memory():
    ctx = MockContext(user_id="u1")
    conv = await ctx.conversations.create(title="Hello")
    assert [c["title"] for c in await ctx.conversations.list()] == ["Hello"]
    await ctx.conversations.update(conv["id"], archived=True)
    assert await ctx.conversations.list() == []
    assert (await ctx.users.get("u1"))["email"] == "test@test.com"
    ctx.apps.add("notes")
    assert [a["app_id"] for a in await ctx.apps.list_all()] == ["notes"]
    role = await ctx.rbac.create_role(name="editor", scopes=["notes:write"])
    ctx.rbac._grants["u1"].append(role["id"])
    assert await ctx.rbac.effective_scopes("u1") == ["*", "notes:write"]
    from sdk.errors import NotFoundError

    with pytest.raises(NotFoundError):
        await ctx.users.get("nobody")


async def test_as_user_rebinds_platform_clients():
    ctx = MockContext(user_id="__system__")
    child = ctx.as_user("u2")
    assert child.users.user_id == "u2" and child.conversations.user_id == "u2"
    assert ctx.users.user_id == "__system__"


async def test_oauth_authorize_url_uses_the_host_hook():
    # behaviour: "ctx.oauth_authorize_url" exists on a MockContext
    ctx = MockContext()
    with pytest.raises(RuntimeError, match="oauth_authorize_url"):
        await ctx.oauth_authorize_url("google")
    seen = []

    async def hook(provider, login_hint):
        seen.append((provider, login_hint))
        return f"https://auth.example/{provider}"

    ctx._oauth_authorize_url = hook
    assert (
        await ctx.oauth_authorize_url("google", login_hint="a@b") == "https://auth.example/google"
    )
    assert seen == [("google", "a@b")]
    with pytest.raises(ValueError):
        await ctx.oauth_authorize_url("")


def test_context_reexports():
    import sdk.context as c

    for name in ("StoreProtocol", "AIProtocol", "BillingProtocol", "shared_http", "UserContext"):
        assert hasattr(c, name)
    from sdk.testing import MockStore

    assert isinstance(MockStore(), c.StoreProtocol)
