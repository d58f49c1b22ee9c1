"""`imperal_sdk.sdl`: the Structured Data Layer, typed entities an extension stores and returns.

A minimal, documented-shape implementation:

- `Entity`: a pydantic `BaseModel` subclass carrying entity metadata (`entity_type`,
  `collection`, `id_field`, `title_field`), given as class keywords
  (`class Note(sdl.Entity, entity_type="note")`) or dunder attributes (`__entity_type__`).
- `field(...)`: pydantic `Field` plus SDL hints (searchable, facet, sortable, primary, ref, ...)
  stored under the `"sdl"` key of the field's JSON-schema extras.
- `Ref[E]`: a typed reference to another entity (`id` plus `entity_type`); validates from an id
  string, a dict or an entity instance.
- `EntityList[E]`: a list container with paging fields; iterable, sized, indexable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

SDL_KEY = "sdl"
_HINTS = (
    "label",
    "searchable",
    "facet",
    "sortable",
    "primary",
    "title",
    "ref",
    "pii",
    "unit",
    "format",
)

_REGISTRY: dict[str, list[type]] = {}  # class name -> Entity subclasses, for forward refs
_ENTITY_KEYWORDS = ("entity_type", "collection", "id_field", "title_field")

__all__ = ["SDL_KEY", "Entity", "EntityList", "Ref", "entity_type_of", "field"]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def field(
    default: Any = ...,
    *,
    description: str = "",
    label: str = "",
    searchable: bool = False,
    facet: bool = False,
    sortable: bool = False,
    primary: bool = False,
    title: bool | str = False,
    ref: Any = None,
    pii: bool = False,
    unit: str = "",
    format: str = "",
    **kwargs: Any,
) -> Any:
    """A pydantic `Field` whose SDL hints land in `json_schema_extra["sdl"]`.

    `default=...` (the default) makes the field required; pass `default_factory=` for mutable
    defaults. Other keywords go to `pydantic.Field` unchanged.
    """
    if isinstance(ref, type) and issubclass(ref, Entity):
        ref = entity_type_of(ref)
    if isinstance(title, str):  # pydantic's own `title=` (a display title), not the SDL hint
        if title:
            kwargs["title"] = title
        title = False
    values = {
        "label": label,
        "searchable": searchable,
        "facet": facet,
        "sortable": sortable,
        "primary": primary,
        "title": title,
        "ref": ref,
        "pii": pii,
        "unit": unit,
        "format": format,
    }
    hints = {k: v for k, v in values.items() if v}
    extra = kwargs.pop("json_schema_extra", None) or {}
    if not isinstance(extra, dict):
        raise TypeError("sdl.field: json_schema_extra must be a dict")
    if hints:
        extra = {**extra, SDL_KEY: hints}
    if description:
        kwargs["description"] = description
    if "default_factory" in kwargs and default is ...:
        return Field(json_schema_extra=extra or None, **kwargs)
    return Field(default, json_schema_extra=extra or None, **kwargs)


class Entity(BaseModel):
    """Base class of SDL entities. Metadata is in `__sdl__` (see `sdl_schema()`)."""

    model_config = ConfigDict(populate_by_name=True)

    __sdl__: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        for key in _ENTITY_KEYWORDS:  # read in __pydantic_init_subclass__, once fields exist
            kwargs.pop(key, None)
        super().__init_subclass__(**kwargs)

    @classmethod
    def __pydantic_init_subclass__(
        cls,
        *,
        entity_type: str | None = None,
        collection: str | None = None,
        id_field: str | None = None,
        title_field: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if getattr(cls, "__pydantic_generic_metadata__", {}).get("origin") is not None:
            return  # a parametrised generic entity keeps its origin's metadata
        etype = entity_type or cls.__dict__.get("__entity_type__") or _snake(cls.__name__)
        fields = cls.model_fields
        title = title_field or cls.__dict__.get("__title_field__")
        if title is None:
            title = next(
                (n for n, f in fields.items() if _hints(f).get("title")),
                next((n for n in ("title", "name", "subject") if n in fields), None),
            )
        _REGISTRY.setdefault(cls.__name__, []).append(cls)
        cls.__sdl__ = {
            "entity_type": etype,
            "collection": collection or cls.__dict__.get("__collection__") or etype,
            "id_field": id_field or cls.__dict__.get("__id_field__") or "id",
            "title_field": title,
        }

    @classmethod
    def sdl_fields(cls) -> dict[str, dict[str, Any]]:
        """Per field: `required`, `description` and the SDL hints given to `sdl.field`."""
        out: dict[str, dict[str, Any]] = {}
        for name, info in cls.model_fields.items():
            entry: dict[str, Any] = {"required": info.is_required()}
            if info.description:
                entry["description"] = info.description
            entry.update(_hints(info))
            out[name] = entry
        return out

    @classmethod
    def sdl_schema(cls) -> dict[str, Any]:
        fields = cls.sdl_fields()
        return {
            **cls.__sdl__,
            "fields": fields,
            "facets": [n for n, f in fields.items() if f.get("facet")],
            "searchable": [n for n, f in fields.items() if f.get("searchable")],
            "json_schema": cls.model_json_schema(),
        }

    @property
    def entity_id(self) -> Any:
        return getattr(self, self.__sdl__.get("id_field") or "id", None)

    @property
    def entity_title(self) -> Any:
        name = self.__sdl__.get("title_field")
        return getattr(self, name, None) if name else None

    def ref(self) -> Ref:
        return Ref[type(self)](id=str(self.entity_id), entity_type=entity_type_of(type(self)))

    @classmethod
    def from_document(cls, doc: Any) -> Entity:
        """Build from a `ctx.store` Document (its id fills the id field when missing)."""
        data = dict(getattr(doc, "data", doc) or {})
        id_field = cls.__sdl__.get("id_field") or "id"
        doc_id = getattr(doc, "id", None)
        if doc_id is not None and id_field in cls.model_fields:
            data.setdefault(id_field, doc_id)
        return cls.model_validate(data)


def _hints(info: Any) -> dict[str, Any]:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get(SDL_KEY), dict):
        return dict(extra[SDL_KEY])
    return {}


def entity_type_of(entity_cls: Any) -> str:
    meta = getattr(entity_cls, "__sdl__", None) or {}
    return str(meta.get("entity_type") or _snake(getattr(entity_cls, "__name__", "")))


E = TypeVar("E", bound=Entity)


def _generic_arg(cls: type) -> Any:
    args = getattr(cls, "__pydantic_generic_metadata__", {}).get("args") or ()
    if not args:
        return None
    target = args[0]
    name = getattr(target, "__forward_arg__", target)  # `Ref["Note"]` keeps the name
    if isinstance(name, str):
        candidates = _REGISTRY.get(name) or []
        return candidates[-1] if candidates else None
    return target


class Ref(BaseModel, Generic[E]):
    """A typed reference to an entity: `Ref[Note]` validates from `"n1"`, a dict or a Note."""

    model_config = ConfigDict(frozen=True)

    id: str
    entity_type: str = ""

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        target = _generic_arg(cls)
        expected = entity_type_of(target) if isinstance(target, type) else ""
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"id": str(value)}
        elif isinstance(value, Entity):
            value = {"id": str(value.entity_id), "entity_type": entity_type_of(type(value))}
        if isinstance(value, dict):
            value = dict(value)
            given = value.get("entity_type") or ""
            if expected and given and given != expected:
                raise ValueError(f"reference to {given!r}, expected {expected!r}")
            if expected and not given:
                value["entity_type"] = expected
        return value

    @classmethod
    def to(cls, entity_cls: type[Entity], id: Any) -> Ref:
        return Ref[entity_cls](id=str(id))

    def __str__(self) -> str:
        return self.id


class EntityList(BaseModel, Generic[E]):
    """A page of entities: `items` plus `total`, `cursor`, `has_more`."""

    items: list[E] = Field(default_factory=list)
    total: int | None = None
    cursor: str | None = None
    has_more: bool = False

    def __init__(self, items: Any = None, /, **data: Any):
        if items is not None:
            data["items"] = items
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return {"items": list(value)}
        return value

    def __iter__(self) -> Iterator[E]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> E:
        return self.items[index]
