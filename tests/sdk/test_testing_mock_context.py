"""`imperal_sdk.testing.MockContext`: a factory returning a real Context with the documented quirks."""

import pytest

from sdk import alias
from sdk.context import Context, SkeletonAccessForbidden, TimeContext
from sdk.testing import (
    MockAI,
    MockBilling,
    MockConfig,
    MockContext,
    MockExtensions,
    MockHTTP,
    MockNotify,
    MockSecretStore,
    MockSkeleton,
    MockStorage,
    MockStore,
)
from sdk.types.action_result import ActionResult


def test_is_a_factory_returning_a_real_context_with_documented_defaults():
    assert not isinstance(MockContext, type)
    ctx = MockContext()
    assert type(ctx) is Context
    assert ctx.user.imperal_id == "test_user"
    assert ctx.user.email == "test@test.com"
    assert ctx.user.role == "user"
    assert ctx.user.scopes == ["*"]
    assert ctx.user.tenant_id == "default"
    assert ctx.user.has_scope("anything.at.all")
    assert ctx._extension_id == "test-ext"
    assert ctx._tool_type == "tool"
    assert ctx._extension is None
    assert ctx.tenant is None


def test_time_context_values():
    t = MockContext().time
    assert isinstance(t, TimeContext)
    assert t.timezone == "UTC"
    assert t.utc_offset == "+00:00"
    assert t.now_utc == "2026-01-01T00:00:00Z"
    assert t.now_local == "2026-01-01T00:00:00"
    assert t.hour_local == 0
    assert t.is_business_hours is False


def test_mock_clients_are_wired():
    ctx = MockContext()
    assert isinstance(ctx.store, MockStore)
    assert isinstance(ctx.ai, MockAI)
    assert isinstance(ctx._raw_skeleton, MockSkeleton)
    assert isinstance(ctx.billing, MockBilling)
    assert isinstance(ctx.notify, MockNotify)
    assert isinstance(ctx.storage, MockStorage)
    assert isinstance(ctx.http, MockHTTP)
    assert isinstance(ctx.config, MockConfig)
    assert isinstance(ctx.extensions, MockExtensions)


def test_arguments_are_applied():
    ctx = MockContext(
        user_id="u1",
        email="a@b.c",
        role="admin",
        scopes=["notes.read"],
        tenant_id="t9",
        extension_id="notes",
        config={"models": {"primary": "x"}},
        tool_type="skeleton",
    )
    assert ctx.user.imperal_id == "u1"
    assert ctx.user.email == "a@b.c"
    assert ctx.user.has_role("admin")
    assert ctx.user.scopes == ["notes.read"]
    assert not ctx.user.has_scope("notes.write")
    assert ctx.user.tenant_id == ctx.tenant_id == "t9"
    assert ctx._extension_id == "notes"
    assert ctx.config.get("models.primary") == "x"
    assert ctx._tool_type == "skeleton"


def test_empty_scopes_fall_back_to_star():
    assert MockContext(scopes=[]).user.scopes == ["*"]


def test_cache_raises_runtime_error():
    with pytest.raises(RuntimeError):
        _ = MockContext().cache


def test_no_secrets_until_assigned():
    ctx = MockContext()
    assert not hasattr(ctx, "secrets")
    with pytest.raises(AttributeError):
        _ = ctx.secrets
    ctx.secrets = MockSecretStore({"api_key": "k"})
    assert ctx.secrets.__class__ is MockSecretStore


async def test_secrets_assigned_work_in_handlers():
    ctx = MockContext()
    ctx.secrets = MockSecretStore({"api_key": "k"}, declared={"api_key"})
    assert await ctx.secrets.get("api_key") == "k"


async def test_background_task_raises_and_leaves_the_coroutine_alone():
    ctx = MockContext()

    async def work():
        return ActionResult.success({}, "done")

    coro = work()
    with pytest.raises(RuntimeError, match="background_task"):
        await ctx.background_task(coro)
    assert coro.cr_frame is not None  # not closed: the caller may still run it
    assert (await coro).summary == "done"


async def test_deliver_chat_message_raises_runtime_error():
    with pytest.raises(RuntimeError):
        await MockContext().deliver_chat_message("hi")


async def test_progress_does_nothing():
    assert await MockContext().progress(50, "half") is None


def test_webhook_url():
    ctx = MockContext()
    assert ctx.webhook_url("/cb") == "https://panel.imperal.io/v1/ext/test-ext/webhook/cb"
    assert ctx.webhook_url("cb") == "https://panel.imperal.io/v1/ext/test-ext/webhook/cb"


def test_as_user_only_from_system():
    with pytest.raises(RuntimeError):
        MockContext().as_user("u2")
    child = MockContext(user_id="__system__").as_user("u2")
    assert child.user.imperal_id == "u2"


async def test_skeleton_needs_skeleton_tool_type():
    with pytest.raises(SkeletonAccessForbidden):
        await MockContext().skeleton.get("inbox")
    ctx = MockContext(tool_type="skeleton")
    ctx.skeleton.update("inbox", {"unread": 3})  # the mock's seeding helper passes through
    assert await ctx.skeleton.get("inbox") == {"unread": 3}
    assert await ctx.skeleton.get("missing") is None


async def test_log_must_be_awaited_and_uses_ext_logger(caplog):
    ctx = MockContext(extension_id="notes")
    with caplog.at_level("INFO", logger="ext.notes"):
        await ctx.log("hello", level="warning")
    assert [(r.name, r.levelname, r.message) for r in caplog.records] == [
        ("ext.notes", "WARNING", "hello")
    ]


async def test_typical_extension_test_pattern():
    from pydantic import BaseModel

    class Params(BaseModel):
        title: str

    async def create_note(ctx, params: Params) -> ActionResult:
        doc = await ctx.store.create("notes", {"title": params.title})
        await ctx.notify("Note created", priority="low")
        return ActionResult.success({"id": doc.id}, f"Created {params.title}")

    ctx = MockContext()
    result = await create_note(ctx, Params(title="Q3"))
    assert result.status == "success"
    assert list(ctx.store._data["notes"].values()) == [{"title": "Q3"}]
    assert ctx.notify.sent == [{"message": "Note created", "channel": "in_app", "priority": "low"}]


def test_importable_through_imperal_sdk():
    alias.install()
    from imperal_sdk.testing import MockContext as AliasMockContext
    from imperal_sdk.testing import MockSecretStore as A
    from imperal_sdk.testing.mock_secrets import MockSecretStore as B

    assert AliasMockContext is MockContext
    assert A is B is MockSecretStore
