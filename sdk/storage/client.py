"""`imperal_sdk.storage.client`: the hosted `StorageClient` (the platform's file gateway).

imperal-shell runs no such gateway: every call raises `NotAvailableInShell`. Inside an
extension `ctx.storage` is the kernel's, keeping files under the shell's data folder.
"""

from __future__ import annotations

from typing import Any

from sdk._gateway import refuse_hosted
from sdk._shared_http import shared_http
from sdk.types.models import FileInfo, Page

__all__ = ["FileInfo", "Page", "StorageClient", "shared_http"]


class StorageClient:
    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        tenant_id: str = "default",
        service_token: str = "",
    ):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._auth_token = auth_token
        self._extension_id = extension_id
        self._tenant_id = tenant_id
        self._service_token = service_token

    def __repr__(self) -> str:  # never shows tokens
        return f"StorageClient(extension_id={self._extension_id!r})"

    async def upload(
        self, path: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> FileInfo:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("upload data must be bytes")
        raise refuse_hosted("StorageClient.upload", "storage")

    async def download(self, path: str) -> bytes:
        raise refuse_hosted("StorageClient.download", "storage")

    async def delete(self, path: str) -> bool:
        raise refuse_hosted("StorageClient.delete", "storage")

    async def list(self, prefix: str = "") -> Page[Any]:
        raise refuse_hosted("StorageClient.list", "storage")
