"""`imperal_sdk.errors`: the ImperalError hierarchy (contract section 11).

Every constructor sets `.message` and `.code`. `SkeletonAccessForbidden` is re-exported here
but is a `PermissionError`, not an `ImperalError`. Note that `errors.AuthError` is a different
class from the root `AuthError` (`sdk.auth.AuthError`, a plain `Exception`).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIError",
    "AuthError",
    "CircularCallError",
    "ExtensionError",
    "ImperalError",
    "NotAvailableInShell",
    "NotFoundError",
    "QuotaExceededError",
    "RateLimitError",
    "SkeletonAccessForbidden",
    "ValidationError",
]


class ImperalError(Exception):
    """Base of every error the platform raises on purpose."""

    def __init__(self, message: str, code: str = "unknown"):
        super().__init__(message)
        self.message = message
        self.code = code


class APIError(ImperalError):
    def __init__(self, message: str, status_code: int, code: str = "api_error"):
        super().__init__(message, code)
        self.status_code = status_code


class NotFoundError(APIError):
    def __init__(self, resource: str, id: Any):
        super().__init__(f"{resource} '{id}' not found", 404, "not_found")
        self.resource = resource
        self.id = id


class RateLimitError(APIError):
    def __init__(self, retry_after: int = 60):
        super().__init__(f"Rate limited. Retry after {retry_after}s", 429, "rate_limited")
        self.retry_after = retry_after


class AuthError(ImperalError):
    def __init__(self, message: str = "Unauthorized"):
        super().__init__(message, "auth_error")


class ValidationError(ImperalError):
    def __init__(self, field: str, message: str):
        super().__init__(f"Validation error on '{field}': {message}", "validation_error")
        self.field = field


class ExtensionError(ImperalError):
    def __init__(self, app_id: str, message: str):
        super().__init__(f"Extension '{app_id}': {message}", "extension_error")
        self.app_id = app_id


class CircularCallError(ExtensionError):
    """`ctx.extensions.call` reached an app already on the call stack."""

    def __init__(self, call_stack: list[str]):
        stack = [str(a) for a in call_stack]
        ImperalError.__init__(
            self, "Circular call detected: " + " -> ".join(stack), "extension_error"
        )
        self.app_id = stack[-1] if stack else ""
        self.call_stack = stack


class QuotaExceededError(ImperalError):
    def __init__(self, resource: str, limit: Any):
        super().__init__(f"Quota exceeded for {resource} (limit: {limit})", "quota_exceeded")
        self.resource = resource
        self.limit = limit


class NotAvailableInShell(ImperalError, NotImplementedError):
    """A hosted-platform feature that imperal-shell cannot provide locally (shell-only).

    Raised by SDK clients built directly against a gateway URL when the call only makes sense
    on the hosted platform. The message always reads
    "<feature> is not available in imperal-shell: <reason>".
    """

    def __init__(self, feature: str, reason: str):
        super().__init__(
            f"{feature} is not available in imperal-shell: {reason}", "not_available_in_shell"
        )
        self.feature = feature
        self.reason = reason


class SkeletonAccessForbidden(PermissionError):
    """`ctx.skeleton` read outside an `@ext.skeleton` refresher (not an ImperalError)."""
