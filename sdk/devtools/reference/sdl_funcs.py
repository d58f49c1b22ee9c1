"""`imperal_sdk.devtools.reference.sdl_funcs`: a reference collector (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.devtools.reference._introspect import callable_symbol, degraded_symbol

__all__ = [
    "collect",
    "callable_symbol",
    "degraded_symbol",
]


def collect() -> list[dict[str, Any]]:
    unavailable("devtools.reference.sdl_funcs.collect", DEVTOOLS)
