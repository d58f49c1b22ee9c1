"""Build the `ctx` a handler receives: identity, its own store scope, time."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel.store import ScopedStore
from sdk.context import Context, TimeContext
from sdk.types.identity import TenantContext, UserContext

TENANT = "default"


def build_context(db, *, user_id: str, app_id: str, ext, tool_type: str) -> Context:
    now = datetime.now(UTC)
    local = now.astimezone()
    return Context(
        user=UserContext(
            imperal_id=user_id,
            email=f"{user_id}@localhost",
            tenant_id=TENANT,
            role="user",
            scopes=["*"],
        ),
        tenant=TenantContext(tenant_id=TENANT, name="local"),
        store=ScopedStore(db, user_id=user_id, tenant_id=TENANT, app_id=app_id),
        time=TimeContext(
            timezone=str(local.tzinfo or "UTC"),
            utc_offset=local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
            if local.strftime("%z")
            else "+00:00",
            now_utc=now.isoformat(),
            now_local=local.isoformat(),
            hour_local=local.hour,
            is_business_hours=local.weekday() < 5 and 9 <= local.hour < 18,
        ),
        _extension_id=app_id,
        _tool_type=tool_type,
        _extension=ext,
    )
