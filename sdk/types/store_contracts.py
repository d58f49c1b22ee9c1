"""Request and answer of the store's cross-user "which users have documents" listing."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["ListUsersRequest", "ListUsersResponse"]


class ListUsersRequest(BaseModel):
    collection: str
    extension_id: str
    tenant_id: str
    cursor: str | None = None
    limit: int = 500


class ListUsersResponse(BaseModel):
    user_ids: list[str]
    next_cursor: str | None = None
    truncated: bool = False
