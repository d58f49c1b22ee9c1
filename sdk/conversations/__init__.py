"""`imperal_sdk.conversations` ([6.x])."""

from sdk.conversations.client import ConversationsClient

__all__ = ["ConversationsClient"]
