"""SDL role names: `namespace.name[.more]`, lowercase, the first namespace segment owned by SDL
for the reserved vocabularies (`core`, `money`, `time`, ...) and free for extensions otherwise."""

from __future__ import annotations

import re

CORE_ROLES: dict[str, str] = {
    "id": "core.id",
    "title": "core.title",
    "kind": "core.kind",
    "subtitle": "core.subtitle",
    "description": "core.description",
    "status": "core.status",
    "url": "core.url",
}

RESERVED_NAMESPACES: frozenset[str] = frozenset(
    {
        "catalog",
        "comm",
        "content",
        "core",
        "device",
        "event",
        "geo",
        "media",
        "metric",
        "money",
        "net",
        "people",
        "quantity",
        "rating",
        "sec",
        "task",
        "time",
    }
)

# Segments start with a lowercase letter and go on with lowercase letters, digits and `_`.
_SEGMENT = r"[a-z][a-z0-9_]*"
_ROLE = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})+")


class RoleError(ValueError):
    """A role name that is malformed, or that claims a namespace SDL reserves."""


def is_valid_role(role: str) -> bool:
    """True when `role` is well formed (`ns.name`, lowercase); says nothing about reservation."""
    return _ROLE.fullmatch(role) is not None


def namespace_of(role: str) -> str:
    """The part of `role` before its first dot (the whole string when it has none)."""
    return role.split(".", 1)[0]


def validate_custom_role(role: str) -> None:
    """Raise `RoleError` unless `role` is well formed and outside the reserved namespaces."""
    if not is_valid_role(role):
        raise RoleError(f"SDL role {role!r} is not of the form 'namespace.name' in lowercase")
    namespace = namespace_of(role)
    if namespace in RESERVED_NAMESPACES:
        raise RoleError(
            f"SDL role {role!r}: the namespace {namespace!r} is reserved for built-in facets; "
            "pick your own namespace, such as your app's name"
        )
