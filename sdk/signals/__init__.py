"""`imperal_sdk.signals` ([6.x])."""

from sdk.signals.client import SignalsClient

__all__ = ["SignalsClient"]
