"""CRM: contacts, deals and a sales pipeline, typed with SDL entities."""

from __future__ import annotations

from entities import (
    DEAL_STAGES,
    TRANSITIONS,
    Contact,
    ContactList,
    Deal,
    contact_from_doc,
    deal_from_doc,
)
from imperal_sdk import ActionResult, ChatExtension, Extension, HealthStatus, ui
from pydantic import BaseModel, Field

ext = Extension(
    "crm",
    version="1.4.2",
    display_name="Pipeline CRM",
    description="Keep contacts and deals in one place and move deals through the sales pipeline.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["crm:read", "crm:write"],
)
chat = ChatExtension(ext, "crm", "CRM module: contacts, deals and the sales pipeline.")

STAGE_PROBABILITY = {"lead": 0.1, "qualified": 0.3, "proposal": 0.6, "won": 1.0, "lost": 0.0}


class CreateContactParams(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="Full name of the contact")
    email: str = Field("", description="Email address")
    phone: str = Field("", description="Phone number")
    company: str = Field("", description="Company the contact works for")
    city: str = Field("", description="City")
    tags: list[str] = Field(default_factory=list, description="Free-form tags")


class ListContactsParams(BaseModel):
    company: str = Field("", description="Only contacts of this company")
    tag: str = Field("", description="Only contacts with this tag")
    limit: int = Field(50, ge=1, le=500, description="At most this many contacts")


class ContactIdParams(BaseModel):
    contact_id: str = Field(min_length=1, description="Id of the contact")


class CreateDealParams(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="What is being sold")
    amount: float = Field(0, ge=0, description="Expected value of the deal")
    currency: str = Field("EUR", min_length=3, max_length=3, description="ISO currency code")
    contact_id: str = Field("", description="Contact the deal is with")


class MoveDealParams(BaseModel):
    deal_id: str = Field(min_length=1, description="Id of the deal")
    stage: str = Field(description="New stage: lead, qualified, proposal, won or lost")


class PipelineSummary(BaseModel):
    stages: dict[str, int]
    open_value: float
    weighted_value: float
    won_value: float


@chat.function(
    "create_contact",
    description="Add a new contact with optional email, phone, company and tags.",
    action_type="write",
    event="crm.contact_created",
    effects=["create:contact"],
    data_model=Contact,
)
async def create_contact(ctx, params: CreateContactParams) -> ActionResult:
    """Create a contact."""
    data = {
        "name": params.name.strip(),
        "emails": [params.email] if params.email else [],
        "phones": [params.phone] if params.phone else [],
        "company": params.company,
        "city": params.city,
        "tags": params.tags,
        "created_at": ctx.time.now_utc,
    }
    doc = await ctx.store.create("contacts", data)
    contact = contact_from_doc(doc)
    return ActionResult.success(
        data=contact.model_dump(mode="json", exclude_none=True),
        summary=f"Added contact {contact.title}",
        refresh_panels=["pipeline"],
    )


@chat.function(
    "list_contacts",
    description="List contacts, optionally only those of one company or with one tag.",
    action_type="read",
    data_model=ContactList,
)
async def list_contacts(ctx, params: ListContactsParams) -> ActionResult:
    """List contacts."""
    where = {"company": params.company} if params.company else None
    page = await ctx.store.query("contacts", where=where, limit=params.limit)
    contacts = [contact_from_doc(d) for d in page.data]
    if params.tag:
        contacts = [c for c in contacts if params.tag in (c.tags or [])]
    result = ContactList(items=contacts, total=len(contacts), has_more=page.has_more)
    return ActionResult.success(data=result, summary=f"{len(contacts)} contact(s)")


@chat.function(
    "delete_contact",
    description="Delete a contact and unlink it from its deals.",
    action_type="destructive",
    event="crm.contact_deleted",
    effects=["delete:contact"],
    data_model=Contact,
)
async def delete_contact(ctx, params: ContactIdParams) -> ActionResult:
    """Delete a contact."""
    doc = await ctx.store.get("contacts", params.contact_id)
    if doc is None:
        return ActionResult.error(f"No contact {params.contact_id}", code="CONTACT_NOT_FOUND")
    deals = await ctx.store.query("deals", where={"contact_id": params.contact_id})
    for deal in deals.data:
        await ctx.store.update("deals", deal.id, {"contact_id": "", "contact_name": ""})
    await ctx.store.delete("contacts", params.contact_id)
    return ActionResult.success(
        data=contact_from_doc(doc).model_dump(mode="json", exclude_none=True),
        summary=f"Deleted {doc.data['name']}",
        refresh_panels=["pipeline"],
    )


@chat.function(
    "create_deal",
    description="Open a new deal in the lead stage, optionally linked to a contact.",
    action_type="write",
    event="crm.deal_created",
    effects=["create:deal"],
    data_model=Deal,
)
async def create_deal(ctx, params: CreateDealParams) -> ActionResult:
    """Create a deal."""
    contact_name = ""
    if params.contact_id:
        contact = await ctx.store.get("contacts", params.contact_id)
        if contact is None:
            return ActionResult.error(f"No contact {params.contact_id}", code="CONTACT_NOT_FOUND")
        contact_name = contact.data["name"]
    doc = await ctx.store.create(
        "deals",
        {
            "title": params.title,
            "amount": params.amount,
            "currency": params.currency.upper(),
            "stage": "lead",
            "probability": STAGE_PROBABILITY["lead"],
            "contact_id": params.contact_id,
            "contact_name": contact_name,
        },
    )
    deal = deal_from_doc(doc)
    return ActionResult.success(
        data=deal.model_dump(mode="json", exclude_none=True),
        summary=f"Opened deal {deal.title}",
        refresh_panels=["pipeline"],
    )


@chat.function(
    "move_deal",
    description="Move a deal to another pipeline stage (lead, qualified, proposal, won, lost).",
    action_type="write",
    event="crm.deal_moved",
    effects=["update:deal"],
    id_projection="deal_id",
    data_model=Deal,
)
async def move_deal(ctx, params: MoveDealParams) -> ActionResult:
    """Move a deal along the pipeline."""
    if params.stage not in DEAL_STAGES:
        return ActionResult.error(
            f"Unknown stage {params.stage!r}; use one of {', '.join(DEAL_STAGES)}",
            code="INVALID_STAGE",
        )
    doc = await ctx.store.get("deals", params.deal_id)
    if doc is None:
        return ActionResult.error(f"No deal {params.deal_id}", code="DEAL_NOT_FOUND")
    current = doc.data.get("stage", "lead")
    if params.stage not in TRANSITIONS[current]:
        return ActionResult.error(
            f"A {current} deal cannot move to {params.stage}",
            code="INVALID_TRANSITION",
        )
    updated = await ctx.store.update(
        "deals",
        params.deal_id,
        {"stage": params.stage, "probability": STAGE_PROBABILITY[params.stage]},
    )
    deal = deal_from_doc(updated)
    return ActionResult.success(
        data=deal.model_dump(mode="json", exclude_none=True),
        summary=f"{deal.title}: {current} -> {params.stage}",
        refresh_panels=["pipeline"],
    )


class NoParams(BaseModel):
    pass


@chat.function(
    "pipeline_summary",
    description="Count deals per stage and total the open, weighted and won value.",
    action_type="read",
    data_model=PipelineSummary,
)
async def pipeline_summary(ctx, params: NoParams) -> ActionResult:
    """Summarise the pipeline."""
    deals = [deal_from_doc(d) for d in (await ctx.store.query("deals", limit=1000)).data]
    return ActionResult.success(data=_summary(deals), summary=f"{len(deals)} deal(s)")


def _summary(deals: list[Deal]) -> PipelineSummary:
    stages = dict.fromkeys(DEAL_STAGES, 0)
    open_value = weighted = won = 0.0
    for deal in deals:
        stages[deal.state] += 1
        amount = float(deal.amount or 0)
        if deal.state == "won":
            won += amount
        elif deal.state != "lost":
            open_value += amount
            weighted += amount * deal.probability
    return PipelineSummary(
        stages=stages, open_value=open_value, weighted_value=round(weighted, 2), won_value=won
    )


@ext.panel(
    "pipeline",
    slot="left",
    title="Pipeline",
    icon="Briefcase",
    refresh="on_event:crm.deal_created,crm.deal_moved",
)
async def pipeline_panel(ctx, **kwargs):
    deals = [deal_from_doc(d) for d in (await ctx.store.query("deals", limit=200)).data]
    if not deals:
        return ui.Empty(message="No deals yet", icon="Briefcase")
    summary = _summary(deals)
    items = [
        ui.ListItem(
            id=d.id,
            title=d.title,
            subtitle=d.contact.title if d.contact else "",
            meta=f"{float(d.amount or 0):,.0f} {d.currency}",
            badge=ui.Badge(label=d.state, color="green" if d.state == "won" else "blue"),
            on_click=ui.Call("move_deal", deal_id=d.id),
        )
        for d in deals
    ]
    return ui.Stack(
        [
            ui.Stats(
                [
                    ui.Stat(label="Open", value=f"{summary.open_value:,.0f}", icon="TrendingUp"),
                    ui.Stat(label="Won", value=f"{summary.won_value:,.0f}", color="green"),
                ],
                columns=2,
            ),
            ui.List(items=items, searchable=True),
        ],
        gap=2,
    )


@ext.health_check
async def health(ctx):
    return HealthStatus.ok({"collections": ["contacts", "deals"]})


@ext.on_install
async def on_install(ctx):
    await ctx.log("crm installed")
