"""`imperal_sdk.config`."""

from sdk.config.client import ConfigClient

__all__ = ["ConfigClient"]
