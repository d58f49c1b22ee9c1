"""`imperal_sdk.skeleton.client`: the hosted `SkeletonClient` (the platform's skeleton store).

imperal-shell runs no such gateway: `get` raises `NotAvailableInShell`. Inside an extension
`ctx.skeleton` is the kernel's (readable in `@ext.skeleton` refreshers only).
"""

from __future__ import annotations

from typing import Any

from sdk._gateway import refuse_hosted
from sdk._shared_http import shared_http

__all__ = ["SkeletonClient", "shared_http"]


class SkeletonClient:
    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        user_id: str = "",
        service_token: str = "",
        call_token: str = "",
    ):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._token = auth_token
        self._extension_id = extension_id
        self._user_id = user_id
        self._service_token = service_token
        self._call_token = call_token

    def __repr__(self) -> str:  # never shows tokens
        return f"SkeletonClient(extension_id={self._extension_id!r}, user_id={self._user_id!r})"

    def for_user(self, user_id: str) -> SkeletonClient:
        return SkeletonClient(self._gateway_url, self._token, self._extension_id, user_id,
                              self._service_token, self._call_token)  # fmt: skip

    async def get(self, section: str) -> Any:
        if not isinstance(section, str) or not section:
            raise ValueError("section must be a non-empty str")
        raise refuse_hosted("SkeletonClient.get", "skeleton")
