"""`imperal_sdk.users` ([6.x])."""

from sdk.users.client import UsersClient

__all__ = ["UsersClient"]
