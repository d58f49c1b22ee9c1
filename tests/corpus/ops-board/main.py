"""Ops Board: service status, incidents and an on-call workflow, panel first."""

from __future__ import annotations

import panels
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel, Field
from store import SERVICE_STATUSES, SEVERITIES, incidents

ext = Extension(
    "ops-board",
    version="3.0.1",
    display_name="Ops Board",
    description="A live operations board: service health, incidents, on-call paging and status.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["ops-board:read", "ops-board:write"],
)
chat = ChatExtension(ext, "ops", "Operations board: services, incidents and on-call.")
overview_panel, report_panel, incident_panel, status_panel = panels.register(ext)


class ServiceParams(BaseModel):
    name: str = Field(min_length=1, max_length=80, description="Service name")
    owner: str = Field("", description="Owning team")
    status: str = Field("operational", description="operational, degraded, outage or maintenance")
    latency_ms: int = Field(0, ge=0, description="p95 latency in milliseconds")


class IncidentParams(BaseModel):
    title: str = Field(min_length=3, max_length=200, description="Short description")
    service_id: str = Field(min_length=1, description="Affected service id")
    severity: str = Field("sev3", description="sev1, sev2 or sev3")
    description: str = Field("", description="What is happening")
    notify_oncall: bool = Field(False, description="Page the on-call engineer")


class ResolveParams(BaseModel):
    incident_id: str = Field(min_length=1, description="Incident id")
    note: str = Field("", description="Resolution note")


class ListParams(BaseModel):
    status: str = Field("open", description="open, resolved or empty for all")


class Service(BaseModel):
    id: str
    name: str
    owner: str
    status: str
    latency_ms: int


class Incident(BaseModel):
    id: str
    title: str
    service: str
    severity: str
    status: str


class IncidentList(BaseModel):
    incidents: list[Incident]


@chat.function(
    "set_service",
    description="Register a service or update its status, owner and latency.",
    action_type="write",
    event="ops-board.service_updated",
    effects=["update:service"],
    data_model=Service,
)
async def set_service(ctx, params: ServiceParams) -> ActionResult:
    """Create or update a service."""
    if params.status not in SERVICE_STATUSES:
        return ActionResult.error(
            f"status must be one of {', '.join(SERVICE_STATUSES)}", code="INVALID_STATUS"
        )
    data = params.model_dump()
    found = await ctx.store.query("services", where={"name": params.name}, limit=1)
    if found.data:
        doc = await ctx.store.update("services", found.data[0].id, data)
    else:
        doc = await ctx.store.create("services", data)
    return ActionResult.success(
        data=Service(id=doc.id, **doc.data),
        summary=f"{params.name} is {params.status}",
        refresh_panels=["overview", "status_page"],
    )


@chat.function(
    "open_incident",
    description="Open an incident on a service, optionally paging the on-call engineer.",
    action_type="write",
    event="ops-board.incident_opened",
    effects=["create:incident"],
    data_model=Incident,
)
async def open_incident(ctx, params: IncidentParams) -> ActionResult:
    """Open an incident."""
    if params.severity not in SEVERITIES:
        return ActionResult.error("severity must be sev1, sev2 or sev3", code="INVALID_SEVERITY")
    service = await ctx.store.get("services", params.service_id)
    if service is None:
        return ActionResult.error(f"No service {params.service_id}", code="SERVICE_NOT_FOUND")
    doc = await ctx.store.create(
        "incidents",
        {
            "title": params.title,
            "service": service.data["name"],
            "service_id": service.id,
            "severity": params.severity,
            "description": params.description,
            "status": "open",
            "opened_at": ctx.time.now_utc,
            "notes": [],
        },
    )
    if params.severity != "sev3":
        await ctx.store.update(
            "services",
            service.id,
            {"status": "outage" if params.severity == "sev1" else "degraded"},
        )
    if params.notify_oncall:
        await ctx.notify(
            f"[{params.severity.upper()}] {params.title} on {service.data['name']}",
            priority="urgent" if params.severity == "sev1" else "high",
        )
    incident = Incident(
        id=doc.id,
        title=params.title,
        service=service.data["name"],
        severity=params.severity,
        status="open",
    )
    return ActionResult.success(
        data=incident,
        summary=f"Opened {params.severity} incident: {params.title}",
        ui=ui.Toast(
            message=f"Incident opened on {service.data['name']}",
            variant="warning" if params.severity != "sev3" else "info",
            duration=8000,
            title=params.severity.upper(),
            action=ui.Call("__panel__incident", id=doc.id),
            action_label="View",
        ),
        refresh_panels=["overview", "status_page"],
    )


@chat.function(
    "resolve_incident",
    description="Resolve an open incident and restore its service to operational.",
    action_type="write",
    event="ops-board.incident_resolved",
    effects=["update:incident"],
    id_projection="incident_id",
    data_model=Incident,
)
async def resolve_incident(ctx, params: ResolveParams) -> ActionResult:
    """Resolve an incident."""
    doc = await ctx.store.get("incidents", params.incident_id)
    if doc is None:
        return ActionResult.error(f"No incident {params.incident_id}", code="INCIDENT_NOT_FOUND")
    if doc.data["status"] == "resolved":
        return ActionResult.error("Already resolved", code="ALREADY_RESOLVED")
    notes = list(doc.data.get("notes", []))
    if params.note:
        notes.append({"text": params.note, "at": ctx.time.now_utc})
    updated = await ctx.store.update("incidents", doc.id, {"status": "resolved", "notes": notes})
    still_open = [
        i for i in await incidents(ctx, status="open") if i["service_id"] == doc.data["service_id"]
    ]
    if not still_open:
        await ctx.store.update("services", doc.data["service_id"], {"status": "operational"})
    data = updated.data
    return ActionResult.success(
        data=Incident(
            id=doc.id,
            title=data["title"],
            service=data["service"],
            severity=data["severity"],
            status="resolved",
        ),
        summary=f"Resolved: {data['title']}",
        ui=ui.Toast(message="Incident resolved", variant="success"),
        refresh_panels=["overview", "status_page", "incident"],
    )


@chat.function(
    "list_incidents",
    description="List incidents, by default only the open ones, newest first.",
    action_type="read",
    data_model=IncidentList,
)
async def list_incidents(ctx, params: ListParams) -> ActionResult:
    """List incidents."""
    found = await incidents(ctx, status=params.status)
    items = [
        Incident(
            id=i["id"],
            title=i["title"],
            service=i["service"],
            severity=i["severity"],
            status=i["status"],
        )
        for i in found
    ]
    return ActionResult.success(
        data=IncidentList(incidents=items), summary=f"{len(items)} incident(s)"
    )


@ext.health_check
async def health(ctx):
    return {"status": "ok"}


@ext.on_install
async def seed(ctx):
    await ctx.store.create(
        "services", {"name": "api", "owner": "platform", "status": "operational", "latency_ms": 120}
    )
