from decimal import Decimal

import pytest
from entities import Contact, ContactList, Deal
from imperal_sdk import sdl


def test_kind_comes_from_the_class_name():
    assert Contact(id="c1", title="Ann").kind == "contact"
    assert Deal(id="d1", title="Licence").kind == "deal"


def test_roles_cover_core_facets_and_custom_fields():
    roles = sdl.roles_of(Contact)
    assert roles["id"] == "core.id"
    assert roles["title"] == "core.title"
    assert roles["emails"] == "people.emails"
    assert roles["city"] == "geo.city"
    assert roles["tags"] == "content.tags"
    assert roles["company"] == "crm.company"
    deal_roles = sdl.roles_of(Deal)
    assert deal_roles["amount"] == "money.amount"
    assert deal_roles["state"] == "task.state"
    assert deal_roles["assignee"] == "people.assignee"
    assert deal_roles["contact"] == "crm.contact_ref"


def test_core_roles_constant():
    assert set(sdl.CORE_ROLES) >= {
        "id",
        "title",
        "kind",
        "subtitle",
        "description",
        "status",
        "url",
    }


def test_schema_carries_the_roles():
    schema = Deal.model_json_schema()
    assert schema["properties"]["amount"]["x-sdl-role"] == "money.amount"
    assert schema["properties"]["probability"]["x-sdl-role"] == "crm.probability"


def test_money_is_decimal():
    deal = Deal(id="d1", title="Licence", amount=1200.5, currency="EUR")
    assert deal.amount == Decimal("1200.5")
    assert deal.model_dump(mode="json")["currency"] == "EUR"


def test_ref_and_entity_list():
    ref = sdl.Ref(id="c1", kind="contact", title="Ann", app_id="crm")
    deal = Deal(id="d1", title="Licence", contact=ref)
    assert deal.contact.app_id == "crm"
    page = ContactList(items=[Contact(id="c1", title="Ann")], total=1)
    assert page.has_more is False
    assert page.model_dump()["items"][0]["kind"] == "contact"


def test_reserved_namespace_is_refused():
    with pytest.raises(ValueError):
        sdl.field(role="money.fake")


def test_resolve_facets():
    roles = sdl.resolve_facets(["ContactPoints", "Monetary"])
    assert roles["emails"] == "people.emails"
    assert roles["currency"] == "money.currency"
