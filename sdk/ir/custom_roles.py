"""`imperal_sdk.ir.custom_roles`: check an app's custom SDL roles (`[{"role": "audio.bpm"}]`)."""

from __future__ import annotations

from typing import Any

from sdk.sdl.roles import RoleError, validate_custom_role
from sdk.validator import ValidationIssue

__all__ = ["RoleError", "ValidationIssue", "validate_custom_role", "validate_custom_roles"]


def validate_custom_roles(rows: list[dict[str, Any]]) -> list[ValidationIssue]:
    issues = []
    for row in rows:
        role = row.get("role", "") if isinstance(row, dict) else row
        try:
            validate_custom_role(role if isinstance(role, str) else "")
        except RoleError as exc:
            issues.append(ValidationIssue("IR-ROLE", "ERROR", str(exc)))
    return issues
