"""`ctx.users` ([6.x]): the tenant's users, their settings, extensions and surfaces."""

from __future__ import annotations

from typing import Any

from sdk._gateway import GatewayClient, Route, require, seg

__all__ = ["GatewayClient", "UsersClient", "require"]


class UsersClient(GatewayClient):
    __slots__ = ()
    _service = "users"

    async def list(self, *, search: str = "", include_inactive: bool = False) -> Any:
        query: dict[str, Any] = {}
        if search:
            query["search"] = search
        if include_inactive:
            query["include_inactive"] = True
        route = Route("GET", "/v1/users", query, resource="users")
        args = {"search": search, "include_inactive": include_inactive}
        return await self._send("list", args, route)

    async def get(self, user_id: str) -> Any:
        require(user_id, "user_id")
        route = Route("GET", f"/v1/users/{seg(user_id)}", resource="user", id=user_id)
        return await self._send("get", {"user_id": user_id}, route)

    async def create(self, **fields: Any) -> Any:
        if not fields:
            raise ValueError("create() needs at least one field")
        return await self._send("create", {"fields": fields},
                                Route("POST", "/v1/users", None, fields, "user"))  # fmt: skip

    async def update(self, user_id: str, **fields: Any) -> Any:
        require(user_id, "user_id")
        if not fields:
            raise ValueError("update() needs at least one field")
        route = Route("PATCH", f"/v1/users/{seg(user_id)}", None, fields, "user", user_id)
        return await self._send("update", {"user_id": user_id, "fields": fields}, route)

    async def delete(self, user_id: str, *, permanent: bool = False) -> Any:
        require(user_id, "user_id")
        query = {"permanent": True} if permanent else None
        route = Route("DELETE", f"/v1/users/{seg(user_id)}", query, resource="user", id=user_id)
        return await self._send("delete", {"user_id": user_id, "permanent": permanent}, route)

    async def set_active(self, user_id: str, active: bool) -> Any:
        require(user_id, "user_id")
        body = {"is_active": bool(active)}
        route = Route("PATCH", f"/v1/users/{seg(user_id)}", None, body, "user", user_id)
        return await self._send("set_active", {"user_id": user_id, "active": bool(active)}, route)

    async def get_settings(self, user_id: str, *, tenant_id: str = "") -> Any:
        require(user_id, "user_id")
        query = {"tenant_id": tenant_id} if tenant_id else None
        route = Route("GET", f"/v1/internal/users/{seg(user_id)}/settings", query,
                      resource="user settings", id=user_id)  # fmt: skip
        return await self._send("get_settings", {"user_id": user_id, "tenant_id": tenant_id}, route)

    async def update_settings(self, user_id: str, patch: dict[str, Any]) -> Any:
        require(user_id, "user_id")
        if not isinstance(patch, dict):
            raise TypeError("update_settings() patch must be a dict")
        route = Route("PATCH", f"/v1/internal/users/{seg(user_id)}/settings", None, patch,
                      "user settings", user_id)  # fmt: skip
        return await self._send("update_settings", {"user_id": user_id, "patch": patch}, route)

    async def extensions(self, user_id: str) -> Any:
        require(user_id, "user_id")
        route = Route("GET", f"/v1/users/{seg(user_id)}/extensions", resource="user extensions",
                      id=user_id)  # fmt: skip
        return await self._send("extensions", {"user_id": user_id}, route)

    async def surfaces(self, user_id: str) -> Any:
        require(user_id, "user_id")
        route = Route("GET", f"/v1/internal/surfaces/{seg(user_id)}", resource="user surfaces",
                      id=user_id)  # fmt: skip
        return await self._send("surfaces", {"user_id": user_id}, route)

    async def reset_conversation(self, user_id: str) -> Any:
        require(user_id, "user_id")
        route = Route("POST", f"/v1/users/{seg(user_id)}/reset-conversation", None, {}, "user",
                      user_id)  # fmt: skip
        return await self._send("reset_conversation", {"user_id": user_id}, route)
