"""`imperal_sdk.cache.protocol`: what `ctx.cache` offers, as a Protocol."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from sdk.cache.rules import DEFAULT_TTL

T = TypeVar("T", bound=BaseModel)

__all__ = ["CacheProtocol"]


@runtime_checkable
class CacheProtocol(Protocol[T]):
    async def get(self, key: str, model: type[T]) -> T | None: ...

    async def set(self, key: str, value: BaseModel, ttl_seconds: int = DEFAULT_TTL) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def get_or_fetch(
        self,
        key: str,
        model: type[T],
        fetcher: Callable[[], Awaitable[T]],
        ttl_seconds: int = DEFAULT_TTL,
    ) -> T: ...
