"""`imperal_sdk.devtools.generate_sdk_claims`: an SDK maintainer generator (platform-only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS

__all__ = ["generate_claims", "main"]


def generate_claims() -> dict[str, Any]:
    unavailable("devtools.generate_sdk_claims.generate_claims", DEVTOOLS)


def main(output: Path | None = None) -> None:
    unavailable("devtools.generate_sdk_claims.main", DEVTOOLS)
