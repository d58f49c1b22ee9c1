"""`imperal_sdk.sdl` core (5.11): Entity, Ref, EntityList, roles, `field(role=)`, resolve_facets."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest

from sdk import alias, sdl
from sdk.sdl import _generate_roles_json, roles

ROOT = Path(__file__).resolve().parents[2]
CORE = ["id", "title", "kind", "subtitle", "description", "status", "url"]


class Deal(sdl.Entity, sdl.Monetary, sdl.Timestamped):
    stage: str | None = sdl.field(role="crm.stage")
    owner: sdl.Ref | None = None


class MyCRMContact(sdl.Entity):
    pass


# ---- Entity ------------------------------------------------------------------------------------


def test_entity_core_fields_and_defaults():
    fields = sdl.Entity.model_fields
    assert list(fields) == CORE
    assert [n for n, f in fields.items() if f.is_required()] == ["id", "title"]
    e = sdl.Entity(id=1, title="x")
    assert e.model_dump() == {
        "id": 1,
        "title": "x",
        "kind": "entity",
        "subtitle": None,
        "description": None,
        "status": None,
        "url": None,
    }
    assert sdl.Entity(id="a", title="x").id == "a"
    with pytest.raises(pydantic.ValidationError):
        sdl.Entity(id=1)  # title is required
    with pytest.raises(pydantic.ValidationError):
        sdl.Entity(id=1, title="x", kind=None)


def test_kind_is_the_lowercased_class_name_unless_given():
    assert Deal(id=1, title="d").kind == "deal"
    assert MyCRMContact(id=1, title="c").kind == "mycrmcontact"
    assert Deal(id=1, title="d", kind="").kind == "deal"
    assert Deal(id=1, title="d", kind="opportunity").kind == "opportunity"

    class Custom(sdl.Entity):
        kind: str = "preset"

    assert Custom(id=1, title="t").kind == "preset"


def test_entity_schema_carries_marker_and_roles():
    schema = Deal.model_json_schema()
    assert schema["x-sdl"] == "entity"
    props = schema["properties"]
    assert props["amount"]["x-sdl-role"] == "money.amount"
    assert props["created_at"]["x-sdl-role"] == "time.created_at"
    assert props["stage"]["x-sdl-role"] == "crm.stage"
    assert all("x-sdl-role" not in props[name] for name in CORE)  # core roles are implicit
    assert schema["required"] == ["id", "title"]
    assert sdl.Entity.model_config["json_schema_extra"] == {"x-sdl": "entity"}


def test_entity_with_facets_validates_facet_types():
    d = Deal(id=1, title="d", amount="12.50", created_at="2024-01-02T03:04:05Z")
    assert d.amount == Decimal("12.50") and d.created_at.year == 2024
    with pytest.raises(pydantic.ValidationError):
        Deal(id=1, title="d", amount="lots")
    assert Deal(id=1, title="d", extra_key=1).model_dump().get("extra_key") is None


# ---- Ref and EntityList --------------------------------------------------------------------------


def test_ref_fields():
    r = sdl.Ref(id=7, kind="deal", title="Big one")
    assert r.model_dump() == {"id": 7, "kind": "deal", "title": "Big one", "app_id": None}
    assert sdl.Ref(id="a", kind="k", title="t", app_id="crm").app_id == "crm"
    with pytest.raises(pydantic.ValidationError):
        sdl.Ref(id="a")  # kind and title are required
    assert list(sdl.Ref.model_fields) == ["id", "kind", "title", "app_id"]
    assert "x-sdl" not in sdl.Ref.model_json_schema()
    d = Deal(id=1, title="d", owner={"id": "u1", "kind": "user", "title": "Ann"})
    assert isinstance(d.owner, sdl.Ref) and d.owner.title == "Ann"


def test_entity_list():
    page = sdl.EntityList[Deal](items=[{"id": 1, "title": "a"}, Deal(id=2, title="b")], total=9)
    assert isinstance(page.items[0], Deal) and page.items[0].kind == "deal"
    assert len(page) == 2 and [d.id for d in page] == [1, 2]
    assert (page.total, page.page, page.has_more) == (9, None, False)
    assert list(sdl.EntityList.model_fields) == ["items", "total", "page", "has_more"]
    with pytest.raises(pydantic.ValidationError):
        sdl.EntityList()  # items is required
    with pytest.raises(pydantic.ValidationError):
        sdl.EntityList[Deal](items=[{"id": 1}])  # an item without a title
    schema = sdl.EntityList[Deal].model_json_schema()
    assert schema["x-sdl"] == "entity-list"
    assert schema["$defs"]["Deal"]["x-sdl"] == "entity"
    assert sdl.EntityList(items=[1], page=2, has_more=True).model_dump() == {
        "items": [1],
        "total": None,
        "page": 2,
        "has_more": True,
    }


def test_entity_list_as_a_chat_data_model():
    class Out(pydantic.BaseModel):
        deals: sdl.EntityList[Deal]

    out = Out(deals={"items": [{"id": 1, "title": "x"}]}).model_dump()
    assert out["deals"]["items"][0]["kind"] == "deal"


# ---- roles ---------------------------------------------------------------------------------------


def test_core_roles_and_reserved_namespaces():
    assert {name: f"core.{name}" for name in CORE} == sdl.CORE_ROLES
    assert sdl.ROLE_KEY == "x-sdl-role"
    assert (
        frozenset(
            [
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
            ]
        )
        == sdl.RESERVED_NAMESPACES
    )


@pytest.mark.parametrize(
    ("role", "valid"),
    [
        ("crm.x", True),
        ("money.amount", True),
        ("a.b.c", True),
        ("a1.b2", True),
        ("my_app.a_b", True),
        ("nodot", False),
        ("", False),
        ("CRM.x", False),
        ("crm.X", False),
        ("x.", False),
        (".", False),
        ("a.1", False),
        ("_a.b", False),
        ("a._b", False),
        ("crm.a-b", False),
    ],
)
def test_is_valid_role(role, valid):
    assert sdl.is_valid_role(role) is valid


def test_namespace_of():
    assert sdl.namespace_of("crm.deal.stage") == "crm"
    assert sdl.namespace_of("nodot") == "nodot"
    assert sdl.namespace_of(".") == ""


def test_validate_custom_role():
    assert sdl.validate_custom_role("crm.stage") is None
    for bad in ("money.amount", "core.title", "sec.visibility", "time.foo"):
        with pytest.raises(sdl.RoleError, match="reserved"):
            sdl.validate_custom_role(bad)
    with pytest.raises(sdl.RoleError, match="'nodot'"):
        sdl.validate_custom_role("nodot")
    assert issubclass(sdl.RoleError, ValueError)
    with pytest.raises(TypeError):
        sdl.validate_custom_role(None)


def test_roles_of_class_instance_and_plain_model():
    expected_core = {name: f"core.{name}" for name in CORE}
    assert sdl.roles_of(sdl.Entity) == expected_core
    roles_ = sdl.roles_of(Deal)
    assert list(roles_) == list(Deal.model_fields)[: len(roles_) - 1] + ["stage"]
    assert roles_ == {
        "created_at": "time.created_at",
        "updated_at": "time.updated_at",
        "deleted_at": "time.deleted_at",
        "amount": "money.amount",
        "currency": "money.currency",
        **expected_core,
        "stage": "crm.stage",
    }
    assert sdl.roles_of(Deal(id=1, title="d")) == roles_
    assert sdl.roles_of(sdl.Monetary) == {"amount": "money.amount", "currency": "money.currency"}

    class Plain(pydantic.BaseModel):
        title: str = pydantic.Field("x", json_schema_extra={"x-sdl-role": "crm.title"})
        other: int = 0
        tagged: int = pydantic.Field(0, json_schema_extra={"x-sdl-role": "crm.tagged"})

    assert sdl.roles_of(Plain) == {"title": "core.title", "tagged": "crm.tagged"}
    with pytest.raises(TypeError, match="pydantic model"):
        sdl.roles_of(int)


# ---- field(role=) --------------------------------------------------------------------------------


def test_field_role():
    info = sdl.field(role="crm.stage")
    assert info.default is None and info.json_schema_extra == {"x-sdl-role": "crm.stage"}
    info = sdl.field(role="crm.n", default=3, description="count", json_schema_extra={"a": 1})
    assert info.default == 3 and info.description == "count"
    assert info.json_schema_extra == {"a": 1, "x-sdl-role": "crm.n"}


def test_field_rejects_bad_roles():
    with pytest.raises(TypeError):
        sdl.field()  # role is a required keyword
    with pytest.raises(sdl.RoleError, match="reserved"):
        sdl.field(role="money.amount")
    with pytest.raises(sdl.RoleError):
        sdl.field(role="Bad Role")
    with pytest.raises(TypeError):
        sdl.field(role=None)
    with pytest.raises(TypeError, match="json_schema_extra"):
        sdl.field(role="crm.x", json_schema_extra=lambda schema: None)


# ---- resolve_facets ------------------------------------------------------------------------------


def test_resolve_facets():
    assert sdl.resolve_facets(["Monetary", "Timestamped"]) == {
        "amount": "money.amount",
        "currency": "money.currency",
        "created_at": "time.created_at",
        "updated_at": "time.updated_at",
        "deleted_at": "time.deleted_at",
    }
    assert sdl.resolve_facets([]) == {}
    assert sdl.resolve_facets(("Monetary", "Monetary")) == sdl.resolve_facets(["Monetary"])
    assert sdl.resolve_facets(["Conversational"])["conversation_participant_count"] == (
        "comm.participant_count"
    )
    for unknown in ("Nope", "monetary", "Entity", "Ref", "money", "BaseModel"):
        with pytest.raises(KeyError, match=unknown):
            sdl.resolve_facets([unknown])
    with pytest.raises(TypeError):
        sdl.resolve_facets([1])
    with pytest.raises(TypeError):
        sdl.resolve_facets(None)


# ---- roles catalog -------------------------------------------------------------------------------


def test_build_catalog():
    catalog = _generate_roles_json.build_catalog()
    assert catalog["schema_version"] == 1 and catalog["sdl_vocab_version"] == "1"
    rows = catalog["roles"]
    assert [r["role"] for r in rows] == sorted(r["role"] for r in rows)
    assert len({r["role"] for r in rows}) == len(rows) == 564
    core = [r for r in rows if r["tier"] == "core"]
    assert {r["field"] for r in core} == set(CORE) and {r["facet"] for r in core} == {"Entity"}
    assert {"role": "money.amount", "field": "amount", "tier": "facet", "facet": "Monetary"} in rows


def test_catalog_main_writes_json_two_levels_above_the_package(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "sdk" / "sdl" / "_generate_roles_json.py"
    monkeypatch.setattr(_generate_roles_json, "__file__", str(fake))
    _generate_roles_json.main()
    target = tmp_path / "sdl_roles.json"
    assert json.loads(target.read_text()) == _generate_roles_json.build_catalog()
    assert str(target) in capsys.readouterr().out


# ---- module layout, imports --------------------------------------------------------------------


def test_names_and_module_layout():
    assert sdl.__all__[:14] == [
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
    ]
    assert len(sdl.__all__) == 14 + 123
    assert callable(sdl.field)  # the function wins over the `sdl.field` submodule
    assert roles.CORE_ROLES is sdl.CORE_ROLES
    assert sdl.Monetary.__module__ == "sdk.sdl.facets.money"
    assert sdl.Monetary is sdl.facets.Monetary is sdl.facets.money.Monetary
    with pytest.raises(AttributeError):
        sdl.NotAFacet  # noqa: B018


def test_import_forms_real_extensions_use():
    alias.install()
    import imperal_sdk
    from imperal_sdk import sdl as via_root
    from imperal_sdk.sdl import Entity, Monetary, field
    from imperal_sdk.sdl.facets.time import Timestamped
    from imperal_sdk.sdl.roles import RoleError

    assert via_root is sdl and imperal_sdk.sdl is sdl
    assert (Entity, Monetary, field, RoleError) == (
        sdl.Entity,
        sdl.Monetary,
        sdl.field,
        sdl.RoleError,
    )
    assert Timestamped is sdl.Timestamped


def test_import_is_lazy_about_facet_modules():
    code = (
        "import sys, sdk.sdl as s\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('sdk.sdl.facets.'))\n"
        "print(loaded())\n"
        "s.Monetary\n"
        "print(loaded())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "['sdk.sdl.facets._index']",
        "['sdk.sdl.facets._field', 'sdk.sdl.facets._index', 'sdk.sdl.facets.money']",
    ]
