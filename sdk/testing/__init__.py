"""`imperal_sdk.testing`: `MockContext` and in-memory mocks for extension tests."""

from sdk.testing.mock_context import MockContext
from sdk.testing.mock_secrets import MockSecretStore
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

__all__ = [
    "MockAI",
    "MockBilling",
    "MockConfig",
    "MockContext",
    "MockExtensions",
    "MockHTTP",
    "MockNotify",
    "MockSecretStore",
    "MockSkeleton",
    "MockStorage",
    "MockStore",
]
