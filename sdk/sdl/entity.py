"""The SDL core: `Entity`, `Ref`, `EntityList` and `roles_of`.

An entity is a pydantic model with seven core fields (`id`, `title`, `kind`, `subtitle`,
`description`, `status`, `url`) whose roles are `CORE_ROLES`; facets (`sdl.Monetary`, ...) are
mixins whose fields carry their role in the JSON schema as `x-sdl-role`. `Entity` and
`EntityList` mark their JSON schema with `x-sdl` so a host can recognise SDL-shaped results from a
function's return schema alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator

from .field import ROLE_KEY
from .roles import CORE_ROLES

__all__ = ["CORE_ROLES", "ROLE_KEY", "Entity", "EntityList", "Ref", "T", "roles_of"]

T = TypeVar("T")


class Entity(BaseModel):
    """Base of SDL entities: subclass it, add your fields and any facet mixins.

    `kind` defaults to the class name in lowercase (`class Deal(Entity)` gives `"deal"`); an
    empty `kind` counts as not given.
    """

    model_config = ConfigDict(json_schema_extra={"x-sdl": "entity"})

    id: str | int
    title: str
    kind: str = ""
    subtitle: str | None = None
    description: str | None = None
    status: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _kind_from_class(self) -> Entity:
        if not self.kind:
            self.kind = type(self).__name__.lower()
        return self


class Ref(BaseModel):
    """A pointer to another entity, with its title so it can be shown without a lookup.

    `app_id` names the owning extension when the entity lives in another app.
    """

    id: str | int
    kind: str
    title: str
    app_id: str | None = None


class EntityList(BaseModel, Generic[T]):
    """A page of results: `items` plus optional `total`, `page` and `has_more`.

    Iterating and `len()` go over `items`.
    """

    model_config = ConfigDict(json_schema_extra={"x-sdl": "entity-list"})

    items: list[T]
    total: int | None = None
    page: int | None = None
    has_more: bool = False

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def roles_of(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> SDL role for a model class (or instance).

    Core field names map to their `CORE_ROLES` entry; any other field reports the `x-sdl-role`
    its facet or `sdl.field(role=)` declared. Fields without a role are left out.
    """
    cls = model if isinstance(model, type) else type(model)
    fields = getattr(cls, "model_fields", None)
    if not isinstance(fields, dict):
        raise TypeError(f"roles_of: expected a pydantic model class, got {cls.__name__}")
    roles: dict[str, str] = {}
    for name, info in fields.items():
        extra = info.json_schema_extra
        if name in CORE_ROLES:
            roles[name] = CORE_ROLES[name]
        elif isinstance(extra, dict) and ROLE_KEY in extra:
            roles[name] = extra[ROLE_KEY]
    return roles
