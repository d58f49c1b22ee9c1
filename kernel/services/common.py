"""What every ctx service shares: reading RPC params, the caller's scope, SDK errors as RemoteError.

A worker is untrusted: every id it sends is checked against the call's `CallScope`, so another
user's or extension's data is an error (`PermissionError` in the worker), never data.
"""

from __future__ import annotations

from typing import Any

from kernel.host.scope import CallScope, RemoteError
from sdk.errors import (
    AuthError,
    CircularCallError,
    ExtensionError,
    NotAvailableInShell,
    NotFoundError,
    SkeletonAccessForbidden,
    ValidationError,
)
from sdk.secrets.exceptions import (
    SecretNotDeclaredError,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SecretWriteForbidden,
)
from sdk.store import StoreConflict, StoreContractError, StoreError, StoreUnavailable

SYSTEM_USER_ID = "__system__"

_MISSING = object()


# Errors that cross between kernel and worker by class name and message alone (the worker
# raises the same class again).
PASSTHROUGH_ERRORS: tuple[type[BaseException], ...] = (
    StoreContractError,
    StoreError,
    SecretNotDeclaredError,
    SecretWriteForbidden,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SkeletonAccessForbidden,
    FileNotFoundError,
    IsADirectoryError,
    PermissionError,
    ValueError,
    TypeError,
    KeyError,
)


def param(
    params: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any = _MISSING
):
    """`params[name]`, checked against `kind`; a missing or ill-typed value is a TypeError."""
    if name not in params or params[name] is None:
        if default is _MISSING:
            raise RemoteError("TypeError", f"missing parameter {name!r}")
        return default
    value = params[name]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise RemoteError("TypeError", f"parameter {name!r} must not be a bool")
    if not isinstance(value, kind):
        raise RemoteError("TypeError", f"parameter {name!r} has the wrong type")
    return value


def acting_user(scope: CallScope, params: dict[str, Any]) -> str:
    """The user the worker acts for: the call's user, or any user from a system context."""
    user_id = params.get("user_id") or scope.user_id
    if not isinstance(user_id, str):
        raise RemoteError("TypeError", "user_id must be a str")
    if user_id != scope.user_id and scope.user_id != SYSTEM_USER_ID:
        raise RemoteError(
            "PermissionError",
            f"this call runs for user {scope.user_id!r}; another user's data is not reachable "
            "(only a system context may use ctx.as_user)",
        )
    return user_id


def same_app(scope: CallScope, params: dict[str, Any], key: str = "app_id") -> str:
    """The call's extension; naming another extension is a PermissionError."""
    app_id = params.get(key) or scope.app_id
    if app_id != scope.app_id:
        raise RemoteError(
            "PermissionError",
            f"this call runs for extension {scope.app_id!r}; another extension's data "
            "is not reachable",
        )
    return scope.app_id


def refuse_in_read_only(scope: CallScope, what: str, kind: str = "PermissionError") -> None:
    if scope.read_only:
        raise RemoteError(kind, f"{what} is refused: panels render read-only")


def to_remote(exc: BaseException) -> RemoteError | None:
    """The RemoteError a worker turns back into `exc`'s SDK type; None for unknown errors."""
    message = str(exc)
    if isinstance(exc, StoreConflict):
        data = {
            "doc_id": exc.doc_id,
            "expected_etag": exc.expected_etag,
            "current_etag": exc.current_etag,
        }
        return RemoteError("StoreConflict", message, data)
    if isinstance(exc, StoreUnavailable):
        return RemoteError("StoreUnavailable", message, {"retry_after": exc.retry_after})
    if isinstance(exc, NotAvailableInShell):
        data = {"feature": exc.feature, "reason": exc.reason}
        return RemoteError("NotAvailableInShell", exc.message, data)
    if isinstance(exc, CircularCallError):
        return RemoteError("CircularCallError", exc.message, {"call_stack": exc.call_stack})
    if isinstance(exc, NotFoundError):
        return RemoteError("NotFoundError", exc.message, {"resource": exc.resource, "id": exc.id})
    if isinstance(exc, ExtensionError):
        return RemoteError("ExtensionError", exc.message, {"app_id": exc.app_id})
    if isinstance(exc, ValidationError):
        return RemoteError("ValidationError", exc.message, {"field": exc.field})
    if isinstance(exc, AuthError):
        return RemoteError("AuthError", exc.message)
    for cls in PASSTHROUGH_ERRORS:
        if isinstance(exc, cls):
            return RemoteError(cls.__name__, message)
    return None
