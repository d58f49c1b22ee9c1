"""`imperal_sdk.notify`."""

from sdk.notify.client import NotifyClient

__all__ = ["NotifyClient"]
