"""`imperal_sdk.ai`."""

from sdk.ai.client import AIClient, CompletionResult

__all__ = ["AIClient", "CompletionResult"]
