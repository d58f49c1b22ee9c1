"""`imperal_sdk.storage.client`: the hosted `StorageClient` (the platform's file gateway).

imperal-shell runs no such gateway: every call raises `NotAvailableInShell`. Inside an
extension `ctx.storage` is the kernel's, keeping files under the shell's data folder.
"""

from __future__ import annotations

from typing import Any

from sdk._platform_only import HostedClient
from sdk._shared_http import shared_http
from sdk.types.models import FileInfo, Page

__all__ = ["FileInfo", "Page", "StorageClient", "shared_http"]


class StorageClient(HostedClient):
    _ctx = "storage"
    _shown = ("extension_id",)

    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        tenant_id: str = "default",
        service_token: str = "",
    ):
        self._keep(gateway_url, auth_token=auth_token, extension_id=extension_id,
                   tenant_id=tenant_id, service_token=service_token)  # fmt: skip

    async def upload(
        self, path: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> FileInfo:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("upload data must be bytes")
        self._refuse("upload")

    async def download(self, path: str) -> bytes:
        self._refuse("download")

    async def delete(self, path: str) -> bool:
        self._refuse("delete")

    async def list(self, prefix: str = "") -> Page[Any]:
        self._refuse("list")
