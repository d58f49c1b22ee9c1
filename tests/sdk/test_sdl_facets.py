"""The 123 built-in SDL facets match the 5.11 facet facts: module, fields, defaults, roles, types."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest

from sdk import sdl
from sdk.sdl import facets

ROOT = Path(__file__).resolve().parents[2]
# A copy of the reference facts (JSON, introspected from the real 5.11 package).
FACTS = Path(__file__).parent / "golden" / "sdl_facets_5.11.0.json"
TYPES = json.loads((ROOT / "scripts" / "sdl_facet_types.json").read_text())


def _facts() -> dict:
    return json.loads(FACTS.read_text())


@pytest.fixture(scope="module")
def facts() -> dict:
    return _facts()


def _facet_facts(facts: dict) -> dict:
    return {
        name: spec
        for name, spec in facts.items()
        if isinstance(spec, dict) and spec["module"].startswith("imperal_sdk.sdl.facets.")
    }


def test_every_facet_in_the_facts_exists_with_its_fields_defaults_and_roles(facts):
    expected = _facet_facts(facts)
    assert len(expected) == 123
    assert sorted(facets.__all__) == sorted(expected)
    for name, spec in expected.items():
        module = importlib.import_module(spec["module"].replace("imperal_sdk.", "sdk.", 1))
        cls = getattr(module, name)
        assert cls.__module__ == module.__name__, name
        assert issubclass(cls, pydantic.BaseModel) and not issubclass(cls, sdl.Entity)
        fields = cls.model_fields
        assert set(fields) == set(spec["fields"]), name
        for field, fact in spec["fields"].items():
            info = fields[field]
            assert repr(info.default) == fact["default"] == "None", (name, field)
            assert not info.is_required()
            assert info.json_schema_extra == {"x-sdl-role": fact["role"]}, (name, field)
        assert sdl.roles_of(cls) == {f: spec["fields"][f]["role"] for f in fields}
        schema = cls.model_json_schema()
        assert "x-sdl" not in schema  # the facts say x-sdl is null for every facet
        for field, fact in spec["fields"].items():
            assert schema["properties"][field]["x-sdl-role"] == fact["role"]


def test_field_order_and_types_follow_the_types_file():
    assert facets.__all__ == TYPES["order"]
    for name, typed in TYPES["facets"].items():
        cls = getattr(facets, name)
        assert list(cls.model_fields) == list(typed), name


def test_core_models_match_the_facts(facts):
    for name, marker in (("Entity", "entity"), ("EntityList", "entity-list"), ("Ref", None)):
        spec = facts[name]
        assert spec["module"] == "imperal_sdk.sdl.entity"
        cls = getattr(sdl, name)
        assert cls.__module__ == "sdk.sdl.entity"
        assert set(cls.model_fields) == set(spec["fields"])
        for field, fact in spec["fields"].items():
            assert repr(cls.model_fields[field].default) == fact["default"], (name, field)
            assert cls.model_fields[field].json_schema_extra is None
        assert cls.model_json_schema().get("x-sdl") == marker
    assert ast.literal_eval(facts["CORE_ROLES"]) == sdl.CORE_ROLES
    namespaces = facts["RESERVED_NAMESPACES"].removeprefix("frozenset(").removesuffix(")")
    assert frozenset(ast.literal_eval(namespaces)) == sdl.RESERVED_NAMESPACES
    assert ast.literal_eval(facts["ROLE_KEY"]) == sdl.ROLE_KEY


def test_every_facet_role_is_well_formed_and_reserved():
    for name in facets.__all__:
        for role in sdl.roles_of(getattr(facets, name)).values():
            assert sdl.is_valid_role(role), role
            assert sdl.namespace_of(role) in sdl.RESERVED_NAMESPACES, role


def test_entity_with_many_facets_carries_every_role_in_its_schema():
    class Ticket(sdl.Entity, sdl.Prioritized, sdl.Assignable, sdl.Threaded, sdl.Categorized):
        sla: str | None = sdl.field(role="helpdesk.sla")

    schema = Ticket.model_json_schema()
    props = schema["properties"]
    assert schema["x-sdl"] == "entity"
    assert props["priority"]["x-sdl-role"] == "task.priority"
    assert props["assignee"]["x-sdl-role"] == "people.assignee"
    assert props["tags"]["x-sdl-role"] == "content.tags"
    assert props["thread_ref"]["x-sdl-role"] == "comm.thread_ref"
    assert props["sla"]["x-sdl-role"] == "helpdesk.sla"
    assert "Ref" in schema["$defs"]
    roles = sdl.roles_of(Ticket)
    facet_roles = sdl.resolve_facets(["Prioritized", "Assignable", "Threaded", "Categorized"])
    assert roles == {**facet_roles, **sdl.CORE_ROLES, "sla": "helpdesk.sla"}


def test_facet_fields_validate_their_types():
    assert sdl.Prioritized(priority="high").priority == "high"
    with pytest.raises(pydantic.ValidationError):
        sdl.Prioritized(priority="whenever")  # not one of the allowed values
    assert sdl.Priced(unit_price="9.99").unit_price == Decimal("9.99")
    assert isinstance(sdl.Timestamped(created_at="2024-05-01T10:00:00Z").created_at, datetime)
    a = sdl.Assignable(assignees=[{"id": 1, "kind": "user", "title": "Ann"}])
    assert isinstance(a.assignees[0], sdl.Ref)
    with pytest.raises(pydantic.ValidationError):
        sdl.Assignable(assignee={"id": 1})  # a Ref needs kind and title
    assert sdl.Categorized(tags=["a"]).model_dump() == {
        "tags": ["a"],
        "categories": None,
        "topics": None,
        "keywords": None,
        "labels": None,
    }


def test_generated_modules_are_up_to_date(facts):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        gen = importlib.import_module("gen_sdl_facets")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    files = gen.build(FACTS)
    stale = [str(p) for p, src in files.items() if p.read_text() != src]
    assert stale == []
