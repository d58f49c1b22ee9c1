"""`imperal_sdk.http`."""

from sdk.http.client import HTTPClient

__all__ = ["HTTPClient"]
