"""`imperal_sdk.devtools.reference.sdl_roles`: a reference collector (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.devtools.reference._flags import flags_for
from sdk.devtools.reference._introspect import type_graph

__all__ = [
    "collect",
    "type_graph",
    "flags_for",
]


def collect() -> list[dict[str, Any]]:
    unavailable("devtools.reference.sdl_roles.collect", DEVTOOLS)
