"""`imperal_sdk.notify.client`: the hosted `NotifyClient` (the platform's notification gateway).

imperal-shell runs no such gateway: `send` raises `NotAvailableInShell`. Inside an extension
`ctx.notify` is the kernel's: the notification shows in the shell and is recorded.
"""

from __future__ import annotations

from typing import Any

from sdk._platform_only import HostedClient
from sdk._shared_http import shared_http

__all__ = ["NotifyClient", "shared_http"]


class NotifyClient(HostedClient):
    _ctx = "notify"
    _shown = ("user_id", "extension_id")

    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        user_id: str = "",
        service_token: str = "",
        extension_id: str = "",
    ):
        self._keep(gateway_url, auth_token=auth_token, user_id=user_id,
                   service_token=service_token, extension_id=extension_id)  # fmt: skip

    def for_user(self, user_id: str) -> NotifyClient:
        return self._with(_user_id=user_id)

    async def send(self, message: str, channel: str = "in_app", **kwargs: Any) -> None:
        if not isinstance(message, str):
            raise TypeError("message must be a str")
        self._refuse("send")
