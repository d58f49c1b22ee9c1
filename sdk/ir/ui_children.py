"""`imperal_sdk.ir.ui_children`: schema checks for typed UI children.

imperal-shell ships no child schemas, so every kind is reported as unknown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["validate_child"]

_CHILD_SCHEMAS: dict[str, dict[str, Any]] = {}


def validate_child(kind: str, value: Any) -> list[str]:
    schema = _CHILD_SCHEMAS.get(kind)
    if schema is None:
        return [f"no schema for child kind {kind!r}"]
    from sdk.core import SchemaValidator

    return SchemaValidator.validate(value, schema)
