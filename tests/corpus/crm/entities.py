"""SDL entities of the CRM: contacts and deals, described with shared facets."""

from __future__ import annotations

from imperal_sdk import sdl

DEAL_STAGES = ("lead", "qualified", "proposal", "won", "lost")
TRANSITIONS = {
    "lead": ["qualified", "lost"],
    "qualified": ["proposal", "lost"],
    "proposal": ["won", "lost"],
    "won": [],
    "lost": ["lead"],
}


class Contact(sdl.Entity, sdl.ContactPoints, sdl.PostalAddress, sdl.Categorized, sdl.Timestamped):
    """A person the team talks to."""

    company: str | None = sdl.field(role="crm.company")
    job_title: str | None = sdl.field(role="crm.job_title")


class Deal(sdl.Entity, sdl.Monetary, sdl.WorkflowState, sdl.Assignable, sdl.Timestamped):
    """A sales opportunity moving through the pipeline."""

    contact: sdl.Ref | None = sdl.field(role="crm.contact_ref")
    probability: float = sdl.field(role="crm.probability", default=0.1)


ContactList = sdl.EntityList[Contact]
DealList = sdl.EntityList[Deal]


def contact_from_doc(doc) -> Contact:
    data = doc.data
    return Contact(
        id=doc.id,
        title=data["name"],
        subtitle=data.get("company") or None,
        emails=data.get("emails") or None,
        phones=data.get("phones") or None,
        city=data.get("city") or None,
        country=data.get("country") or None,
        tags=data.get("tags") or None,
        company=data.get("company") or None,
        job_title=data.get("job_title") or None,
        created_at=data.get("created_at") or None,
    )


def deal_from_doc(doc) -> Deal:
    data = doc.data
    contact = None
    if data.get("contact_id"):
        contact = sdl.Ref(
            id=data["contact_id"], kind="contact", title=data.get("contact_name", ""), app_id="crm"
        )
    stage = data.get("stage", "lead")
    return Deal(
        id=doc.id,
        title=data["title"],
        status=stage,
        amount=data.get("amount"),
        currency=data.get("currency", "EUR"),
        state=stage,
        allowed_transitions=TRANSITIONS.get(stage, []),
        contact=contact,
        probability=data.get("probability", 0.1),
    )
