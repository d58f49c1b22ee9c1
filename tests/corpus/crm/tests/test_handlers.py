import pytest
from imperal_sdk import ActionResult
from main import (
    ContactIdParams,
    CreateContactParams,
    CreateDealParams,
    ListContactsParams,
    MoveDealParams,
    NoParams,
    create_contact,
    create_deal,
    delete_contact,
    list_contacts,
    move_deal,
    pipeline_panel,
    pipeline_summary,
)


async def _contact(ctx, name="Ann Lee", **kw):
    result = await create_contact(ctx, CreateContactParams(name=name, **kw))
    assert result.status == "success"
    return result.data


async def test_create_contact_stores_it(ctx):
    data = await _contact(ctx, email="ann@acme.io", company="Acme", tags=["vip"])
    assert data["kind"] == "contact"
    assert data["emails"] == ["ann@acme.io"]
    stored = ctx.store._data["contacts"][data["id"]]
    assert stored["company"] == "Acme"


async def test_list_contacts_filters(ctx):
    await _contact(ctx, "Ann", company="Acme", tags=["vip"])
    await _contact(ctx, "Bob", company="Globex")
    result = await list_contacts(ctx, ListContactsParams(company="Acme"))
    assert result.status == "success"
    assert [c.title for c in result.data.items] == ["Ann"]
    tagged = await list_contacts(ctx, ListContactsParams(tag="vip"))
    assert tagged.data.total == 1
    assert tagged.to_dict()["data"]["items"][0]["title"] == "Ann"


async def test_deal_lifecycle(ctx):
    contact = await _contact(ctx, "Ann")
    opened = await create_deal(
        ctx, CreateDealParams(title="Licence", amount=1000, contact_id=contact["id"])
    )
    assert opened.data["state"] == "lead"
    assert opened.data["contact"] == {
        "id": contact["id"],
        "kind": "contact",
        "title": "Ann",
        "app_id": "crm",
    }
    deal_id = opened.data["id"]
    moved = await move_deal(ctx, MoveDealParams(deal_id=deal_id, stage="qualified"))
    assert moved.status == "success"
    assert moved.data["allowed_transitions"] == ["proposal", "lost"]
    bad = await move_deal(ctx, MoveDealParams(deal_id=deal_id, stage="won"))
    assert bad.status == "error"
    assert bad.error_code == "INVALID_TRANSITION"
    summary = await pipeline_summary(ctx, NoParams())
    assert summary.data.stages["qualified"] == 1
    assert summary.data.weighted_value == 300.0


async def test_errors_carry_codes(ctx):
    result = await move_deal(ctx, MoveDealParams(deal_id="nope", stage="won"))
    assert result.to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "No deal nope",
        "error_code": "DEAL_NOT_FOUND",
    }
    missing = await create_deal(ctx, CreateDealParams(title="x", contact_id="ghost"))
    assert missing.error_code == "CONTACT_NOT_FOUND"
    stage = await move_deal(ctx, MoveDealParams(deal_id="x", stage="closed"))
    assert stage.error_code == "INVALID_STAGE"


async def test_delete_contact_unlinks_deals(ctx):
    contact = await _contact(ctx, "Ann")
    deal = await create_deal(ctx, CreateDealParams(title="Licence", contact_id=contact["id"]))
    result = await delete_contact(ctx, ContactIdParams(contact_id=contact["id"]))
    assert isinstance(result, ActionResult)
    assert result.status == "success"
    assert ctx.store._data["deals"][deal.data["id"]]["contact_id"] == ""
    assert contact["id"] not in ctx.store._data.get("contacts", {})


async def test_pipeline_panel(ctx):
    empty = (await pipeline_panel(ctx)).to_dict()
    assert empty["type"] == "Empty"
    await create_deal(ctx, CreateDealParams(title="Licence", amount=500))
    tree = (await pipeline_panel(ctx)).to_dict()
    assert tree["type"] == "Stack"
    listing = tree["props"]["children"][1]
    assert listing["type"] == "List"
    item = listing["props"]["items"][0]
    assert item["props"]["on_click"] == {
        "action": "call",
        "function": "move_deal",
        "params": {"deal_id": item["props"]["id"]},
    }


@pytest.mark.parametrize("stage", ["lead", "qualified", "proposal", "won", "lost"])
def test_move_params_accept_every_stage(stage):
    assert MoveDealParams(deal_id="d", stage=stage).stage == stage
