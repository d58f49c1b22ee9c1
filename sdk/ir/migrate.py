"""`imperal_sdk.ir.migrate`: bring an IR document to a given version (only 1.0 exists)."""

from __future__ import annotations

import copy
from typing import Any

from sdk.ir.schema import IR_VERSION

__all__ = ["IR_VERSION", "migrate_ir"]


def migrate_ir(data: dict[str, Any], to: str = "1.0") -> dict[str, Any]:
    """A copy of `data` at version `to`. A document without `ir_version` is taken as current."""
    if to != IR_VERSION:
        raise ValueError(f"cannot migrate to ir_version {to!r}: the only version is {IR_VERSION}")
    if not isinstance(data, dict):
        raise TypeError(f"an IR document must be a dict, got {type(data).__name__}")
    found = data.get("ir_version", IR_VERSION)
    if found != IR_VERSION:
        raise ValueError(f"no migration from ir_version {found!r} to {IR_VERSION}")
    return copy.deepcopy(data)
