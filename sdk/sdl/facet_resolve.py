"""`resolve_facets(["Monetary", "Timestamped"])`: the roles a set of facets contributes."""

from __future__ import annotations

from .entity import roles_of

__all__ = ["resolve_facets", "roles_of"]


def resolve_facets(names: list[str]) -> dict[str, str]:
    """Field name -> role over the named built-in facets, in the order given.

    An unknown name raises `KeyError` (naming it); a name that is not a string raises `TypeError`.
    """
    from . import facets

    roles: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"resolve_facets: facet names are strings, got {name!r}")
        if name not in facets.__all__:
            raise KeyError(f"no SDL facet named {name!r}")
        roles.update(roles_of(getattr(facets, name)))
    return roles
