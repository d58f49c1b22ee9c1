"""`imperal_sdk.rbac` ([6.x])."""

from sdk.rbac.client import RBACClient

__all__ = ["RBACClient"]
