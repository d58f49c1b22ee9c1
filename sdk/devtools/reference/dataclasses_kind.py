"""`imperal_sdk.devtools.reference.dataclasses_kind`: a reference collector (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.devtools.reference._flags import flags_for
from sdk.devtools.reference._introspect import (
    annotation_str,
    degraded_symbol,
    json_default,
    type_graph,
)

__all__ = [
    "collect",
    "annotation_str",
    "degraded_symbol",
    "json_default",
    "type_graph",
    "flags_for",
]


def collect() -> list[dict[str, Any]]:
    unavailable("devtools.reference.dataclasses_kind.collect", DEVTOOLS)
