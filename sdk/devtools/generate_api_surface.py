"""`imperal_sdk.devtools.generate_api_surface`: an SDK maintainer generator (platform-only here)."""

from __future__ import annotations

from pathlib import Path

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS

__all__ = ["generate_surface", "main"]


def generate_surface() -> dict[str, list[str]]:
    unavailable("devtools.generate_api_surface.generate_surface", DEVTOOLS)


def main(output: Path | None = None) -> None:
    unavailable("devtools.generate_api_surface.main", DEVTOOLS)
