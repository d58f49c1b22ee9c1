"""`imperal_sdk.devtools.reference.ui_components`: a reference collector (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.devtools.reference._introspect import callable_symbol, enums_from_literals

__all__ = [
    "collect",
    "callable_symbol",
    "enums_from_literals",
]


def collect() -> list[dict[str, Any]]:
    unavailable("devtools.reference.ui_components.collect", DEVTOOLS)
