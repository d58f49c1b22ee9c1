"""`MockContext(...)`: a real `Context` wired to the in-memory mocks (contract section 6)."""

from __future__ import annotations

from typing import Any

from sdk.context import Context, TimeContext
from sdk.errors import ExtensionError
from sdk.store import StoreConflict
from sdk.testing.mock_platform import MockApps, MockConversations, MockRBACClient, MockUsers
from sdk.testing.mocks import (
    MockAI,
    MockBilling,
    MockConfig,
    MockExtensions,
    MockHTTP,
    MockNotify,
    MockSkeleton,
    MockStorage,
    MockStore,
)
from sdk.types.identity import UserContext
from sdk.types.models import (
    AutoTopupSettings,
    BalanceInfo,
    ChangePlanResult,
    CompletionResult,
    Document,
    FileInfo,
    HTTPResponse,
    LimitsResult,
    SetupIntentResult,
    SubscriptionInfo,
    TopupResult,
)
from sdk.types.pagination import Page

__all__ = [
    "AutoTopupSettings",
    "BalanceInfo",
    "ChangePlanResult",
    "CompletionResult",
    "Context",
    "Document",
    "ExtensionError",
    "FileInfo",
    "HTTPResponse",
    "LimitsResult",
    "MockAI",
    "MockBilling",
    "MockConfig",
    "MockContext",
    "MockExtensions",
    "MockHTTP",
    "MockNotify",
    "MockSkeleton",
    "MockStorage",
    "MockStore",
    "Page",
    "SetupIntentResult",
    "StoreConflict",
    "SubscriptionInfo",
    "TimeContext",
    "TopupResult",
    "UserContext",
]


def MockContext(  # noqa: N802 - a factory with the documented class-like name
    user_id: str = "test_user",
    email: str = "test@test.com",
    role: str = "user",
    scopes: list[str] | None = None,
    tenant_id: str = "default",
    extension_id: str = "test-ext",
    config: dict[str, Any] | None = None,
    tool_type: str = "tool",
) -> Context:
    """A real `Context` for tests; not a class.

    No extension is attached, so `ctx.cache` raises RuntimeError until a test assigns
    `ctx._cache`; `ctx.secrets` does not exist until a test assigns one (usually a
    `MockSecretStore`); `background_task`, `deliver_chat_message` and `oauth_authorize_url`
    raise RuntimeError; `progress` does nothing. `ctx.signals` is a local `SignalsClient`;
    `ctx.conversations`, `.users`, `.apps` and `.rbac` are in-memory mocks
    (`sdk.testing.mock_platform`). Pass `tool_type="skeleton"` to read `ctx.skeleton`, and
    `user_id="__system__"` to use `as_user`.
    """
    store = MockStore()
    store.user_id = user_id
    store.extension_id = extension_id
    ctx = Context(
        user=UserContext(
            imperal_id=user_id,
            email=email,
            role=role,
            scopes=scopes or ["*"],
            tenant_id=tenant_id,
        ),
        store=store,
        ai=MockAI(),
        skeleton=MockSkeleton(),
        billing=MockBilling(),
        notify=MockNotify(),
        storage=MockStorage(),
        http=MockHTTP(),
        config=MockConfig(config),
        extensions=MockExtensions(),
        time=TimeContext(
            "UTC",
            now_utc="2026-01-01T00:00:00Z",
            now_local="2026-01-01T00:00:00",
            hour_local=0,
        ),
        _extension_id=extension_id,
        _tool_type=tool_type,
    )
    ctx._conversations_client = MockConversations(user_id)
    ctx._users_client = MockUsers(user_id, email)
    ctx._apps_client = MockApps(user_id)
    ctx._rbac_client = MockRBACClient(user_id, ctx.user.scopes)
    return ctx
