"""`imperal_sdk.ai.client`: the hosted `AIClient` (the platform's AI gateway) and its result.

imperal-shell runs no AI gateway: `complete` raises `NotAvailableInShell`. Inside an extension
`ctx.ai.complete(...)` is the kernel's, backed by the LLM provider the user configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk._gateway import refuse_hosted
from sdk._shared_http import shared_http

__all__ = ["AIClient", "CompletionResult", "shared_http"]


@dataclass
class CompletionResult:
    text: str
    model: str = ""
    usage: dict[str, Any] = field(default_factory=dict)
    stop_reason: str = ""
    tokens_used: int = 0


class AIClient:
    def __init__(
        self,
        gateway_url: str,
        auth_token: str = "",
        extension_id: str = "",
        service_token: str = "",
    ):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._auth_token = auth_token
        self._extension_id = extension_id
        self._service_token = service_token

    def __repr__(self) -> str:  # never shows tokens
        return f"AIClient(extension_id={self._extension_id!r})"

    async def complete(
        self, prompt: str, model: str = "claude-sonnet-4-6", **kwargs: Any
    ) -> CompletionResult:
        if not isinstance(prompt, str):
            raise TypeError("prompt must be a str")
        raise refuse_hosted("AIClient.complete", "ai")
