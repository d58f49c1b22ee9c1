"""Store access shared by handlers and panels."""

from __future__ import annotations

SEVERITIES = ("sev1", "sev2", "sev3")
SERVICE_STATUSES = ("operational", "degraded", "outage", "maintenance")
STATUS_COLORS = {
    "operational": "green",
    "degraded": "yellow",
    "outage": "red",
    "maintenance": "blue",
}


async def services(ctx) -> list[dict]:
    page = await ctx.store.query("services", limit=500)
    return sorted(({"id": d.id, **d.data} for d in page.data), key=lambda s: s["name"])


async def incidents(ctx, status: str = "") -> list[dict]:
    page = await ctx.store.query(
        "incidents", where={"status": status} if status else None, limit=500
    )
    return sorted(
        ({"id": d.id, **d.data} for d in page.data), key=lambda i: i["opened_at"], reverse=True
    )
