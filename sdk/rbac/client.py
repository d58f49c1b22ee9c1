"""`ctx.rbac` ([6.x]): roles, scopes and the scopes a user effectively holds."""

from __future__ import annotations

from typing import Any

from sdk._gateway import GatewayClient, Route, require, seg

__all__ = ["GatewayClient", "RBACClient", "require"]


class RBACClient(GatewayClient):
    __slots__ = ()
    _service = "rbac"

    async def list_roles(self) -> Any:
        return await self._send("list_roles", {}, Route("GET", "/v1/roles", resource="roles"))

    async def create_role(self, **fields: Any) -> Any:
        if not fields:
            raise ValueError("create_role() needs at least one field")
        route = Route("POST", "/v1/roles", None, fields, "role")
        return await self._send("create_role", {"fields": fields}, route)

    async def update_role(self, role_id: str, *, cascade: bool = False, **fields: Any) -> Any:
        require(role_id, "role_id")
        if not fields:
            raise ValueError("update_role() needs at least one field")
        route = Route("PATCH", f"/v1/roles/{seg(role_id)}", {"cascade": bool(cascade)}, fields,
                      "role", role_id)  # fmt: skip
        args = {"role_id": role_id, "cascade": bool(cascade), "fields": fields}
        return await self._send("update_role", args, route)

    async def delete_role(self, role_id: str) -> Any:
        require(role_id, "role_id")
        route = Route("DELETE", f"/v1/roles/{seg(role_id)}", resource="role", id=role_id)
        return await self._send("delete_role", {"role_id": role_id}, route)

    async def list_scopes(self, *, resource: str = "") -> Any:
        query = {"resource": resource} if resource else None
        route = Route("GET", "/v1/scopes", query, resource="scopes")
        return await self._send("list_scopes", {"resource": resource}, route)

    async def create_scope(self, **fields: Any) -> Any:
        if not fields:
            raise ValueError("create_scope() needs at least one field")
        route = Route("POST", "/v1/scopes", None, fields, "scope")
        return await self._send("create_scope", {"fields": fields}, route)

    async def delete_scope(self, scope_id: str) -> Any:
        require(scope_id, "scope_id")
        route = Route("DELETE", f"/v1/scopes/{seg(scope_id)}", resource="scope", id=scope_id)
        return await self._send("delete_scope", {"scope_id": scope_id}, route)

    async def effective_scopes(self, user_id: str) -> Any:
        require(user_id, "user_id")
        route = Route("GET", f"/v1/scopes/effective/{seg(user_id)}",
                      resource="effective scopes", id=user_id)  # fmt: skip
        return await self._send("effective_scopes", {"user_id": user_id}, route)
