"""`imperal_sdk.devtools.reference._introspect`: introspection helpers of the reference
generator (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS
from sdk.devtools.reference._flags import flags_for

__all__ = [
    "annotation_str",
    "callable_symbol",
    "degraded_symbol",
    "enums_from_literals",
    "flags_for",
    "json_default",
    "literal_enum",
    "params_of",
    "type_graph",
]


def _no(name: str) -> Any:
    unavailable(f"devtools.reference._introspect.{name}", DEVTOOLS)


def annotation_str(ann: Any) -> str | None:
    _no("annotation_str")


def callable_symbol(
    func: Any, *, name: str, kind: str, skip_self: bool, enums: dict[str, Any] | None = None
) -> dict[str, Any]:
    _no("callable_symbol")


def degraded_symbol(name: str, kind: str, note: str) -> dict[str, Any]:
    _no("degraded_symbol")


def enums_from_literals(func: Any) -> dict[str, list[str]]:
    _no("enums_from_literals")


def json_default(value: Any) -> Any:
    _no("json_default")


def literal_enum(ann: Any) -> list[str] | None:
    _no("literal_enum")


def params_of(func: Any, *, skip_self: bool) -> list[dict[str, Any]]:
    _no("params_of")


def type_graph(annotation: Any) -> dict:
    _no("type_graph")
