"""`imperal_sdk.devtools.validate_identity_contract`: check the identity types against the
platform's database models (platform-only here)."""

from __future__ import annotations

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.types.identity import Tenant, TenantContext, User, UserContext

__all__ = [
    "EXCLUDED_FROM_API",
    "Tenant",
    "TenantContext",
    "User",
    "UserContext",
    "main",
    "validate_subset_invariants",
    "validate_tenant_against_db",
    "validate_user_against_db",
]

# Database columns that never reach the SDK's identity types.
EXCLUDED_FROM_API = {"User": {"password_hash", "id"}, "Tenant": {"db_config"}}


def validate_user_against_db(user_py_path: str) -> list[str]:
    unavailable("devtools.validate_identity_contract.validate_user_against_db", DEVTOOLS)


def validate_tenant_against_db(tenant_py_path: str) -> list[str]:
    unavailable("devtools.validate_identity_contract.validate_tenant_against_db", DEVTOOLS)


def validate_subset_invariants() -> list[str]:
    unavailable("devtools.validate_identity_contract.validate_subset_invariants", DEVTOOLS)


def main() -> int:
    unavailable("devtools.validate_identity_contract.main", DEVTOOLS)
