"""`ctx.cache`: `CacheClient` applies the rules (`sdk.cache.rules`) and keeps envelopes in a
backend. Built with `CacheClient.with_backend(...)` it uses the host's backend (the kernel's,
over RPC); built with the real constructor and no gateway URL it keeps entries in process memory;
built with a gateway URL it raises `NotAvailableInShell` once the rules pass, since imperal-shell
runs no hosted cache gateway.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from sdk._shared_http import shared_http
from sdk.cache.backend import MemoryCacheBackend
from sdk.cache.rules import (
    DEFAULT_TTL,
    ENVELOPE_VERSION,
    CacheRules,
    check_key,
    check_ttl,
    key_hash,
)
from sdk.errors import NotAvailableInShell

T = TypeVar("T", bound=BaseModel)

__all__ = ["CacheClient", "shared_http"]


class _GatewayOnly:
    """The backend of a client built against a gateway URL: every I/O says why it cannot run."""

    def _refuse(self, *_: Any) -> Any:
        raise NotAvailableInShell(
            "CacheClient with a gateway URL",
            "imperal-shell runs no hosted cache gateway; inside an extension use ctx.cache, "
            "which the local kernel serves",
        )

    async def get(self, *args: Any) -> Any:
        self._refuse()

    async def put(self, *args: Any) -> Any:
        self._refuse()

    async def delete(self, *args: Any) -> Any:
        self._refuse()


class CacheClient:
    def __init__(
        self,
        app_id: str,
        user_id: str,
        gw_url: str,
        service_token: str = "",
        call_token: str = "",
        extension: Any = None,
        http_client: Any = None,
    ):
        self.app_id = app_id
        self.user_id = user_id
        self._gw_url = gw_url
        self._service_token = service_token
        self._call_token = call_token
        self._extension = extension
        self._http_client = http_client
        self._backend: Any = _GatewayOnly() if gw_url else MemoryCacheBackend()
        self._rules = CacheRules(extension)

    @classmethod
    def with_backend(
        cls, app_id: str, user_id: str, backend: Any, extension: Any = None
    ) -> CacheClient:
        """A client whose entries live in `backend` (a `sdk.cache.CacheBackend`)."""
        client = cls(app_id, user_id, "", extension=extension)
        client._backend = backend
        return client

    def __repr__(self) -> str:  # never shows tokens
        return f"CacheClient(app_id={self.app_id!r}, user_id={self.user_id!r})"

    def for_user(self, user_id: str) -> CacheClient:
        clone = CacheClient(self.app_id, user_id, self._gw_url, self._service_token,
                            self._call_token, self._extension, self._http_client)  # fmt: skip
        clone._backend = self._backend
        return clone

    async def get(self, key: str, model: type[T]) -> T | None:
        digest, name = self._rules.for_get(key, model)
        envelope = await self._backend.get(self.app_id, self.user_id, name, digest)
        if not isinstance(envelope, dict):
            return None
        if envelope.get("model") != name or envelope.get("version") != ENVELOPE_VERSION:
            return None
        try:
            return model.model_validate(envelope.get("data"))
        except Exception:  # a stale shape reads as a miss
            return None

    async def set(self, key: str, value: BaseModel, ttl_seconds: int = DEFAULT_TTL) -> None:
        digest, envelope, ttl = self._rules.for_set(key, value, ttl_seconds)
        await self._backend.put(self.app_id, self.user_id, envelope["model"], digest, envelope, ttl)

    async def delete(self, key: str) -> None:
        check_key(key)
        digest = key_hash(key)
        for name in self._rules.model_names():
            await self._backend.delete(self.app_id, self.user_id, name, digest)

    async def get_or_fetch(
        self,
        key: str,
        model: type[T],
        fetcher: Callable[[], Awaitable[T]],
        ttl_seconds: int = DEFAULT_TTL,
    ) -> T:
        check_ttl(ttl_seconds)
        cached = await self.get(key, model)
        if cached is not None:
            return cached
        value = await fetcher()
        if not isinstance(value, model):
            raise TypeError(
                f"cache fetcher returned {type(value).__name__}, expected {model.__name__}"
            )
        await self.set(key, value, ttl_seconds)
        return value
