"""`imperal_sdk.ir.produce`: compile an `Extension` to the IR (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.ir.schema import CONTRACT_VERSION, IR_VERSION
from sdk.manifest import generate_manifest

__all__ = ["CONTRACT_VERSION", "IR_VERSION", "generate_ir", "generate_manifest"]


def generate_ir(ext: Any) -> dict[str, Any]:
    unavailable(
        "ir.produce.generate_ir",
        "the IR is the hosted platform's compiled form of an app; imperal-shell loads extension "
        "code and its manifest (generate_manifest) directly",
    )
