"""Panels of the ops board: overview, incident form, incident detail modal."""

from __future__ import annotations

from imperal_sdk import ui
from store import SEVERITIES, STATUS_COLORS, incidents, services

SEVERITY_VARIANT = {"sev1": "error", "sev2": "warning", "sev3": "info"}


def register(ext):
    @ext.panel(
        "overview",
        slot="center",
        title="Operations",
        icon="Activity",
        refresh="on_event:ops-board.incident_opened,ops-board.incident_resolved",
        default_width=900,
    )
    async def overview(ctx, tab: str = "services", **kwargs):
        all_services = await services(ctx)
        open_incidents = await incidents(ctx, status="open")
        down = [s for s in all_services if s["status"] != "operational"]
        banner = []
        if any(i["severity"] == "sev1" for i in open_incidents):
            banner.append(
                ui.Alert(
                    message="A sev1 incident is open: page the on-call engineer.",
                    title="Major incident",
                    variant="error",
                )
            )
        elif down:
            banner.append(
                ui.Alert(
                    message=f"{len(down)} service(s) degraded",
                    title="Degraded",
                    variant="warning",
                    dismissible=True,
                )
            )
        else:
            banner.append(ui.Alert(message="All systems operational", variant="success"))
        stats = ui.Stats(
            [
                ui.Stat(label="Services", value=len(all_services), icon="Server"),
                ui.Stat(label="Degraded", value=len(down), color="orange" if down else "green"),
                ui.Stat(
                    label="Open incidents",
                    value=len(open_incidents),
                    color="red" if open_incidents else "green",
                ),
            ],
            columns=3,
        )
        service_table = ui.DataTable(
            columns=[
                ui.DataColumn("name", "Service"),
                ui.DataColumn("status", "Status", width="140px"),
                ui.DataColumn("owner", "Owner", width="160px", sortable=False),
                ui.DataColumn("latency_ms", "p95 latency (ms)", width="140px"),
            ],
            rows=[
                {
                    "id": s["id"],
                    "name": s["name"],
                    "status": s["status"],
                    "owner": s.get("owner", ""),
                    "latency_ms": s.get("latency_ms", 0),
                }
                for s in all_services
            ],
            on_row_click=ui.Call("__panel__overview", tab="services"),
        )
        incident_table = ui.DataTable(
            columns=[
                ui.DataColumn("title", "Incident"),
                ui.DataColumn("severity", "Severity", width="100px"),
                ui.DataColumn("service", "Service", width="160px"),
                ui.DataColumn("opened_at", "Opened", width="180px"),
            ],
            rows=[
                {k: i.get(k, "") for k in ("id", "title", "severity", "service", "opened_at")}
                for i in open_incidents
            ],
            on_row_click=ui.Call("__panel__incident"),
        )
        chart = ui.Chart(
            data=[{"name": s["name"], "latency": s.get("latency_ms", 0)} for s in all_services],
            type="bar",
            x_key="name",
            height=180,
        )
        return ui.Page(
            title="Operations",
            subtitle="Services, incidents and latency",
            children=[
                *banner,
                stats,
                ui.Tabs(
                    tabs=[
                        {"label": "Services", "content": ui.Stack([service_table, chart])},
                        {
                            "label": "Incidents",
                            "content": incident_table
                            if open_incidents
                            else ui.Empty(message="No open incidents", icon="CheckCircle"),
                        },
                    ],
                    default_tab=0 if tab == "services" else 1,
                ),
                ui.Button("Report incident", icon="Plus", on_click=ui.Call("__panel__report")),
            ],
        )

    @ext.panel("report", slot="right", title="Report incident", icon="Siren")
    async def report(ctx, **kwargs):
        options = [{"value": s["id"], "label": s["name"]} for s in await services(ctx)]
        return ui.Form(
            action="open_incident",
            submit_label="Open incident",
            defaults={"severity": "sev3", "notify_oncall": True},
            children=[
                ui.Input(
                    param_name="title",
                    label="Title",
                    placeholder="Checkout returns 502",
                    required=True,
                ),
                ui.Select(
                    options=options,
                    param_name="service_id",
                    label="Service",
                    placeholder="Pick a service",
                    required=True,
                ),
                ui.RadioGroup(
                    options=[{"value": s, "label": s.upper()} for s in SEVERITIES],
                    param_name="severity",
                    label="Severity",
                    orientation="horizontal",
                ),
                ui.TextArea(
                    param_name="description",
                    label="What is happening?",
                    description="Symptoms, scope, first seen",
                    rows=5,
                ),
                ui.Checkbox(
                    label="Page the on-call engineer", param_name="notify_oncall", value=True
                ),
            ],
        )

    @ext.panel("incident", slot="center", title="Incident", icon="Siren", center_overlay=True)
    async def incident(ctx, id: str = "", **kwargs):
        doc = await ctx.store.get("incidents", id) if id else None
        if doc is None:
            return ui.Alert(message="Pick an incident from the overview.", variant="info")
        data = doc.data
        details = ui.Stack(
            [
                ui.KeyValue(
                    items=[
                        {"key": "Service", "value": data["service"]},
                        {"key": "Severity", "value": data["severity"]},
                        {"key": "Opened", "value": data["opened_at"]},
                        {"key": "Status", "value": data["status"]},
                    ],
                    columns=2,
                ),
                ui.Text(data.get("description") or "No description", variant="body"),
                ui.Timeline(
                    items=[
                        {"title": n["text"], "time": n["at"], "icon": "MessageSquare"}
                        for n in data.get("notes", [])
                    ]
                ),
            ]
        )
        return ui.Modal(
            title=data["title"],
            subtitle=f"{data['severity'].upper()} on {data['service']}",
            content=details,
            confirm_label="Resolve",
            cancel_label="Close",
            on_confirm=ui.Call("resolve_incident", incident_id=doc.id),
            size="lg",
            destructive=data["severity"] == "sev1",
        )

    @ext.panel("status_page", slot="left", title="Status", icon="Gauge", refresh="manual")
    async def status_page(ctx, **kwargs):
        rows = []
        for s in await services(ctx):
            rows.append(
                ui.ListItem(
                    id=s["id"],
                    title=s["name"],
                    badge=ui.Badge(label=s["status"], color=STATUS_COLORS.get(s["status"], "gray")),
                    on_click=ui.Call("__panel__overview", tab="services"),
                )
            )
        return ui.List(items=rows) if rows else ui.Empty(message="No services registered")

    return overview, report, incident, status_page
