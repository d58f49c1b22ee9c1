"""Inter-extension calls (`imperal_sdk.extensions`)."""

from sdk.extensions.client import MAX_CALL_DEPTH, CircularCallError, ExtensionsClient

__all__ = ["MAX_CALL_DEPTH", "CircularCallError", "ExtensionsClient"]
