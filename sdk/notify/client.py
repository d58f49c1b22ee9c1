"""`imperal_sdk.notify.client`: the hosted `NotifyClient` (the platform's notification gateway).

imperal-shell runs no such gateway: `send` raises `NotAvailableInShell`. Inside an extension
`ctx.notify` is the kernel's: the notification shows in the shell and is recorded.
"""

from __future__ import annotations

from typing import Any

from sdk._gateway import refuse_hosted
from sdk._shared_http import shared_http

__all__ = ["NotifyClient", "shared_http"]


class NotifyClient:
    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        user_id: str = "",
        service_token: str = "",
        extension_id: str = "",
    ):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._auth_token = auth_token
        self._user_id = user_id
        self._service_token = service_token
        self._extension_id = extension_id

    def __repr__(self) -> str:  # never shows tokens
        return f"NotifyClient(user_id={self._user_id!r}, extension_id={self._extension_id!r})"

    def for_user(self, user_id: str) -> NotifyClient:
        return NotifyClient(self._gateway_url, self._auth_token, user_id, self._service_token,
                            self._extension_id)  # fmt: skip

    async def send(self, message: str, channel: str = "in_app", **kwargs: Any) -> None:
        if not isinstance(message, str):
            raise TypeError("message must be a str")
        raise refuse_hosted("NotifyClient.send", "notify")
