"""`imperal_sdk.devtools.generate_reference`: an SDK maintainer generator (platform-only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS

__all__ = ["generate_reference", "main"]


def generate_reference() -> dict[str, Any]:
    unavailable("devtools.generate_reference.generate_reference", DEVTOOLS)


def main(output: Path | None = None) -> None:
    unavailable("devtools.generate_reference.main", DEVTOOLS)
