"""`ctx.conversations` ([6.x]): the user's chat conversations and their messages."""

from __future__ import annotations

from typing import Any

from sdk._gateway import GatewayClient, Route, require, seg

__all__ = ["ConversationsClient", "GatewayClient", "require"]


def _limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive int, got {limit!r}")
    return limit


class ConversationsClient(GatewayClient):
    __slots__ = ()
    _service = "conversations"

    async def list(self, *, limit: int = 50, include_archived: bool = False) -> Any:
        query = {"limit": _limit(limit), "include_archived": bool(include_archived)}
        route = Route("GET", "/v1/conversations", query, resource="conversations")
        return await self._send("list", query, route)

    async def create(self, *, title: str = "") -> Any:
        if not isinstance(title, str):
            raise TypeError("title must be a str")
        body = {"title": title}
        return await self._send("create", body,
                                Route("POST", "/v1/conversations", None, body, "conversation"))  # fmt: skip

    async def activate(self, conversation_id: str) -> Any:
        require(conversation_id, "conversation_id")
        route = Route("POST", f"/v1/conversations/{seg(conversation_id)}/activate",
                      resource="conversation", id=conversation_id)  # fmt: skip
        return await self._send("activate", {"conversation_id": conversation_id}, route)

    async def delete(self, conversation_id: str) -> Any:
        require(conversation_id, "conversation_id")
        route = Route("DELETE", f"/v1/conversations/{seg(conversation_id)}",
                      resource="conversation", id=conversation_id)  # fmt: skip
        return await self._send("delete", {"conversation_id": conversation_id}, route)

    async def messages(self, conversation_id: str, *, limit: int = 50) -> Any:
        require(conversation_id, "conversation_id")
        query = {"limit": _limit(limit)}
        route = Route("GET", f"/v1/conversations/{seg(conversation_id)}/messages", query,
                      resource="conversation", id=conversation_id)  # fmt: skip
        return await self._send("messages", {"conversation_id": conversation_id, **query}, route)

    async def update(
        self,
        conversation_id: str,
        *,
        title: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
    ) -> Any:
        require(conversation_id, "conversation_id")
        if title is None and pinned is None and archived is None:
            raise ValueError("update() needs at least one of title / pinned / archived")
        body: dict[str, Any] = {}
        if title is not None:
            body.update(title=str(title), title_generated=False)
        if pinned is not None:
            body["pinned"] = bool(pinned)
        if archived is not None:
            body["archived"] = bool(archived)
        route = Route("PATCH", f"/v1/conversations/{seg(conversation_id)}", None, body,
                      "conversation", conversation_id)  # fmt: skip
        return await self._send("update", {"conversation_id": conversation_id, **body}, route)
