"""`imperal_sdk.skeleton.client`: the hosted `SkeletonClient` (the platform's skeleton store).

imperal-shell runs no such gateway: `get` raises `NotAvailableInShell`. Inside an extension
`ctx.skeleton` is the kernel's (readable in `@ext.skeleton` refreshers only).
"""

from __future__ import annotations

from typing import Any

from sdk._platform_only import HostedClient
from sdk._shared_http import shared_http

__all__ = ["SkeletonClient", "shared_http"]


class SkeletonClient(HostedClient):
    _ctx = "skeleton"
    _shown = ("extension_id", "user_id")

    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        user_id: str = "",
        service_token: str = "",
        call_token: str = "",
    ):
        self._keep(gateway_url, auth_token=auth_token, extension_id=extension_id, user_id=user_id,
                   service_token=service_token, call_token=call_token)  # fmt: skip

    def for_user(self, user_id: str) -> SkeletonClient:
        return self._with(_user_id=user_id)

    async def get(self, section: str) -> Any:
        if not isinstance(section, str) or not section:
            raise ValueError("section must be a non-empty str")
        self._refuse("get")
