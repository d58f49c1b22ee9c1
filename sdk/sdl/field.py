"""`sdl.field(role=...)`: a pydantic field tagged with a custom SDL role."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .roles import (
    RESERVED_NAMESPACES,
    RoleError,
    is_valid_role,
    namespace_of,
    validate_custom_role,
)

ROLE_KEY = "x-sdl-role"

__all__ = [
    "RESERVED_NAMESPACES",
    "ROLE_KEY",
    "RoleError",
    "field",
    "is_valid_role",
    "namespace_of",
    "validate_custom_role",
]


def field(*, role: str, default: Any = None, **kwargs: Any):  # unannotated return, as in 5.11
    """A `pydantic.Field` whose JSON schema carries `x-sdl-role: role`.

    `role` must be a custom role (`validate_custom_role`): the reserved namespaces belong to the
    built-in facets. Other keywords go to `pydantic.Field`; a dict `json_schema_extra` is kept
    and gets the role added.
    """
    validate_custom_role(role)
    extra = kwargs.pop("json_schema_extra", None) or {}
    if not isinstance(extra, dict):
        raise TypeError("sdl.field: json_schema_extra must be a dict (the role is added to it)")
    extra = {**extra, ROLE_KEY: role}
    return Field(default=default, json_schema_extra=extra, **kwargs)
