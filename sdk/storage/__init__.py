"""`imperal_sdk.storage`."""

from sdk.storage.client import StorageClient

__all__ = ["StorageClient"]
