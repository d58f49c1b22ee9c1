"""`imperal_sdk.ir.validator`: check an IR document; problems come back as `ValidationIssue`s
(IR0: not an object; IR1: one per schema violation, located by its dotted path)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from sdk.ir.schema import IREnvelope
from sdk.validator import ValidationIssue

__all__ = ["IREnvelope", "ValidationIssue", "validate_ir_dict"]


def validate_ir_dict(data: Any) -> list[ValidationIssue]:
    if not isinstance(data, dict):
        return [ValidationIssue("IR0", "ERROR", "an IR document must be a JSON object")]
    try:
        IREnvelope.model_validate(data)
    except ValidationError as exc:
        return [
            ValidationIssue("IR1", "ERROR", f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
            for err in exc.errors()
        ]
    return []
