"""`imperal_sdk.apps` ([6.x])."""

from sdk.apps.client import AppsClient

__all__ = ["AppsClient"]
