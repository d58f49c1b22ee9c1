"""`imperal_sdk.devtools`: the SDK maintainers' generators and contract checks.

The constants and result types are real; the generators and checks are platform-only here.
"""

from sdk.devtools.generate_api_surface import generate_surface
from sdk.devtools.validate_identity_contract import (
    EXCLUDED_FROM_API,
    validate_subset_invariants,
    validate_tenant_against_db,
    validate_user_against_db,
)

__all__ = [
    "EXCLUDED_FROM_API",
    "generate_surface",
    "validate_subset_invariants",
    "validate_tenant_against_db",
    "validate_user_against_db",
]
