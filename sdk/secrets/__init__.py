"""`imperal_sdk.secrets`: declarations (`SecretSpec`), the `ctx.secrets` client and its errors."""

from sdk.secrets.client import SecretBackend, SecretClient, SecretStatus, dev_mode_enabled
from sdk.secrets.exceptions import (
    SecretDeclarationConflict,
    SecretNotDeclaredError,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SecretWriteForbidden,
)
from sdk.secrets.spec import SecretSpec

__all__ = [
    "SecretBackend",
    "SecretClient",
    "SecretDeclarationConflict",
    "SecretNotDeclaredError",
    "SecretSpec",
    "SecretStatus",
    "SecretValueTooLarge",
    "SecretVaultUnavailable",
    "SecretWriteForbidden",
    "dev_mode_enabled",
]
