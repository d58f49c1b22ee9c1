"""`imperal_sdk.store.client`: the hosted `StoreClient`, which speaks HTTP to the platform's store
gateway. imperal-shell runs no such gateway: every call raises `NotAvailableInShell` (inside an
extension `ctx.store` is the kernel's staged store). Arguments are still checked first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sdk._platform_only import HostedClient
from sdk._shared_http import shared_http
from sdk.store.exceptions import StoreConflict, StoreContractError, StoreUnavailable
from sdk.store.protocol import DEFAULT_PAGE_SIZE
from sdk.types.models import Document, Page

__all__ = [
    "Document",
    "Page",
    "StoreClient",
    "StoreConflict",
    "StoreContractError",
    "StoreUnavailable",
    "shared_http",
]

_CONTRACTS = ("ListUsersRequest", "ListUsersResponse")


def __getattr__(name: str) -> Any:  # the store contracts live in sdk.types (loaded on use)
    if name in _CONTRACTS:
        import importlib

        try:
            return getattr(importlib.import_module("sdk.types.store_contracts"), name)
        except ImportError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _collection(collection: Any) -> str:
    if not isinstance(collection, str) or not collection:
        raise StoreContractError(f"invalid collection name {collection!r}")
    return collection


class StoreClient(HostedClient):
    _ctx = "store"
    _shown = ("extension_id", "user_id")

    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        user_id: str = "",
        tenant_id: str = "default",
        service_token: str = "",
    ):
        self.gateway_url = str(gateway_url or "").rstrip("/")
        self._auth_token = auth_token
        self.extension_id = extension_id
        self.user_id = user_id
        self.tenant_id = tenant_id
        self._service_token = service_token

    def for_user(self, user_id: str) -> StoreClient:
        return self._with(user_id=user_id)

    async def create(self, collection: str, data: dict[str, Any]) -> Document:
        _collection(collection)
        return self._refuse("create")

    async def get(self, collection: str, doc_id: str | None = None) -> Document | None:
        _collection(collection)
        return self._refuse("get")

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
    ) -> Page[Document]:
        _collection(collection)
        return self._refuse("query")

    async def update(
        self, collection: str, doc_id: str, data: dict[str, Any], if_match: str = ""
    ) -> Document:
        _collection(collection)
        return self._refuse("update")

    async def delete(self, collection: str, doc_id: str) -> bool:
        _collection(collection)
        return self._refuse("delete")

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int:
        _collection(collection)
        return self._refuse("count")

    async def set(self, key: str, data: Any) -> Document:
        return self._refuse("set")

    async def list(self, prefix: str = "") -> list[Document]:
        return self._refuse("list")

    async def list_users(
        self, collection: str, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncIterator[str]:
        _collection(collection)
        self._refuse("list_users")
        yield ""  # pragma: no cover - never reached; makes this an async generator

    async def query_all(self, collection: str, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Document]:
        _collection(collection)
        return self._refuse("query_all")
