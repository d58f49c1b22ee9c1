"""The `ctx.store` contract every host implements (`StoreProtocol`) and the checks the
cross-user reads (`list_users`, `query_all`) apply before touching data."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, Protocol, runtime_checkable

from sdk.types.models import Document, Page

SYSTEM_USER_ID = "__system__"
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 10_000
_FORBIDDEN_IN_COLLECTION = re.compile(r"[:*?\[\]/\s]")

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "SYSTEM_USER_ID",
    "StoreProtocol",
    "check_cross_user_args",
]


def check_cross_user_args(
    acting_user_id: str, collection: Any, *, page_size: Any = DEFAULT_PAGE_SIZE
) -> None:
    """The checks `list_users` and `query_all` apply before touching data.

    RuntimeError unless the caller is the system identity; ValueError for a collection name that
    is not a non-empty str or contains `: * ? [ ] /` or whitespace, or a page size (limit)
    outside 1..10000.
    """
    if acting_user_id != SYSTEM_USER_ID:
        raise RuntimeError(
            "cross-user store reads (list_users, query_all) run only in a system context "
            "(@ext.schedule or @ext.signal)"
        )
    if (
        not isinstance(collection, str)
        or not collection
        or _FORBIDDEN_IN_COLLECTION.search(collection)
    ):
        raise ValueError(f"invalid collection name {collection!r}")
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise ValueError("page_size must be an int")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be in 1..{MAX_PAGE_SIZE}, got {page_size}")


@runtime_checkable
class StoreProtocol(Protocol):
    async def create(self, collection: str, data: dict[str, Any]) -> Document: ...

    async def get(self, collection: str, doc_id: str | None = None) -> Document | None: ...

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[Document]: ...

    async def update(self, collection: str, doc_id: str, data: dict[str, Any]) -> Document: ...

    async def delete(self, collection: str, doc_id: str) -> bool: ...

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int: ...

    async def set(self, key: str, data: Any) -> Document: ...

    async def list(self, prefix: str = "") -> list[Document]: ...

    def list_users(
        self, collection: str, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncIterator[str]:
        """Ids of users with documents in `collection` (system context only)."""
        ...

    async def query_all(self, collection: str, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Document]:
        """Documents of every user in `collection`, `user_id` filled in (system context only)."""
        ...
