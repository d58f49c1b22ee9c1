"""`imperal_sdk.sdl`: the Structured Data Layer, typed entities an extension returns.

    from imperal_sdk import sdl

    class Deal(sdl.Entity, sdl.Monetary, sdl.Timestamped):
        stage: str | None = sdl.field(role="crm.stage")

`Deal.model_json_schema()` then carries `x-sdl: "entity"` and an `x-sdl-role` on every facet and
custom field; `sdl.roles_of(Deal)` lists the roles. The built-in facets (`sdl.Monetary`, ...)
live in `sdl.facets.<vocabulary>` and are imported on first use.
"""

from __future__ import annotations

from typing import Any

from . import facets
from .entity import CORE_ROLES, Entity, EntityList, Ref, roles_of
from .facet_resolve import resolve_facets
from .field import ROLE_KEY, field
from .roles import (
    RESERVED_NAMESPACES,
    RoleError,
    is_valid_role,
    namespace_of,
    validate_custom_role,
)

__all__ = [
    "Entity",
    "Ref",
    "EntityList",
    "roles_of",
    "field",
    "ROLE_KEY",
    "is_valid_role",
    "namespace_of",
    "validate_custom_role",
    "RoleError",
    "RESERVED_NAMESPACES",
    "CORE_ROLES",
    "facets",
    "resolve_facets",
    *facets.__all__,
]


def __getattr__(name: str) -> Any:
    if name in facets.FACET_MODULES:
        value = getattr(facets, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
