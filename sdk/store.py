"""The `ctx.store` contract: a document store scoped to one user and one extension."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from sdk.types.models import Document, Page


class StoreError(Exception):
    pass


class StoreUnavailable(StoreError):
    def __init__(self, retry_after: int = 30):
        super().__init__(f"Store unavailable; retry after {retry_after}s")
        self.retry_after = retry_after


class StoreContractError(StoreError):
    pass


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
