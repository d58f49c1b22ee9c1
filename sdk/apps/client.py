"""`ctx.apps` ([6.x]): the extensions installed for the tenant, their settings and review state."""

from __future__ import annotations

from typing import Any

from sdk._gateway import GatewayClient, Route, require, seg
from sdk.errors import NotFoundError

__all__ = ["AppsClient", "GatewayClient", "NotFoundError", "require"]


class AppsClient(GatewayClient):
    __slots__ = ()
    _service = "apps"

    async def list_all(self) -> Any:
        return await self._send("list_all", {}, Route("GET", "/v1/admin/apps", resource="apps"))

    async def list_pending(self) -> Any:
        route = Route("GET", "/v1/admin/apps/pending", resource="apps")
        return await self._send("list_pending", {}, route)

    async def approve(self, app_id: str) -> Any:
        require(app_id, "app_id")
        route = Route("POST", f"/v1/admin/apps/{seg(app_id)}/approve", None, {}, "app", app_id)
        return await self._send("approve", {"app_id": app_id}, route)

    async def reject(self, app_id: str, reason: str) -> Any:
        require(app_id, "app_id")
        route = Route("POST", f"/v1/admin/apps/{seg(app_id)}/reject", None,
                      {"reason": reason}, "app", app_id)  # fmt: skip
        return await self._send("reject", {"app_id": app_id, "reason": reason}, route)

    async def remove(self, app_id: str) -> Any:
        require(app_id, "app_id")
        route = Route("DELETE", f"/v1/admin/apps/{seg(app_id)}", resource="app", id=app_id)
        return await self._send("remove", {"app_id": app_id}, route)

    async def set_status(self, app_id: str, status: str) -> Any:
        require(app_id, "app_id")
        require(status, "status")
        route = Route("POST", f"/v1/admin/apps/{seg(app_id)}/status", None,
                      {"status": status}, "app", app_id)  # fmt: skip
        return await self._send("set_status", {"app_id": app_id, "status": status}, route)

    async def get_settings(self, app_id: str) -> Any:
        require(app_id, "app_id")
        route = Route("GET", f"/v1/internal/config/app/{seg(app_id)}", resource="app settings",
                      id=app_id)  # fmt: skip
        return await self._send("get_settings", {"app_id": app_id}, route)

    async def update_settings(
        self,
        app_id: str,
        patch: dict[str, Any],
        *,
        updated_by: str | None = None,
        replace_paths: list[str] | None = None,
    ) -> Any:
        require(app_id, "app_id")
        if not isinstance(patch, dict):
            raise TypeError("update_settings() patch must be a dict")
        body: dict[str, Any] = {"config": patch}
        if updated_by is not None:
            body["updated_by"] = updated_by
        if replace_paths is not None:
            body["replace_paths"] = list(replace_paths)
        route = Route("PUT", f"/v1/internal/config/app/{seg(app_id)}", None, body,
                      "app settings", app_id)  # fmt: skip
        return await self._send("update_settings", {"app_id": app_id, **body}, route)

    async def users(self, app_id: str) -> Any:
        require(app_id, "app_id")
        route = Route("GET", f"/v1/extensions/{seg(app_id)}/users", resource="app users",
                      id=app_id)  # fmt: skip
        return await self._send("users", {"app_id": app_id}, route)
