"""Where `CacheClient` keeps envelopes: the `CacheBackend` a host provides (the kernel's is
kept over RPC) and `MemoryCacheBackend`, an in-process one with per-entry expiry."""

from __future__ import annotations

import json
import time
from typing import Protocol, runtime_checkable

__all__ = ["CacheBackend", "MemoryCacheBackend"]


@runtime_checkable
class CacheBackend(Protocol):
    async def get(self, app_id: str, user_id: str, model: str, key_hash: str) -> dict | None: ...

    async def put(
        self, app_id: str, user_id: str, model: str, key_hash: str, envelope: dict, ttl: int
    ) -> None: ...

    async def delete(self, app_id: str, user_id: str, model: str, key_hash: str) -> None: ...


class MemoryCacheBackend:
    """An in-process backend with per-entry expiry (monotonic clock)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str, str], tuple[float, dict]] = {}

    async def get(self, app_id: str, user_id: str, model: str, key_hash: str) -> dict | None:
        k = (app_id, user_id, model, key_hash)
        hit = self._entries.get(k)
        if hit is None:
            return None
        if hit[0] <= time.monotonic():
            self._entries.pop(k, None)
            return None
        return json.loads(json.dumps(hit[1]))

    async def put(
        self, app_id: str, user_id: str, model: str, key_hash: str, envelope: dict, ttl: int
    ) -> None:
        self._entries[(app_id, user_id, model, key_hash)] = (time.monotonic() + ttl, envelope)

    async def delete(self, app_id: str, user_id: str, model: str, key_hash: str) -> None:
        self._entries.pop((app_id, user_id, model, key_hash), None)
