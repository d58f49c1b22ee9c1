"""`imperal_sdk.auth`: the root `AuthError` and `ImperalAuth` (see `sdk.auth.client`)."""

from sdk.auth.client import DEFAULT_GATEWAY_URL, AuthError, ImperalAuth

__all__ = ["DEFAULT_GATEWAY_URL", "AuthError", "ImperalAuth"]
