"""Secret errors. All are direct `Exception` subclasses; messages never carry plaintext."""

from __future__ import annotations

__all__ = [
    "SecretDeclarationConflict",
    "SecretNotDeclaredError",
    "SecretValueTooLarge",
    "SecretVaultUnavailable",
    "SecretWriteForbidden",
]


class SecretNotDeclaredError(Exception):
    """The name is not declared with `ext.secret(...)` (I-SECRETS-CONTRACT-DECLARED)."""


class SecretWriteForbidden(Exception):
    """`set` or `delete` of a secret whose write_mode is `user` (only the user may write it)."""


class SecretVaultUnavailable(Exception):
    """The secret store cannot be reached; access fails closed."""


class SecretValueTooLarge(Exception):
    """The UTF-8 value is longer than the declaration's `max_bytes`."""


class SecretDeclarationConflict(Exception):
    """`ext.secret(...)` declared the same name twice."""
