"""`ctx.cache` in the kernel: envelopes in memory with a TTL, per (tenant, user, extension).

The model-typed rules (registered `@ext.cache_model`, key syntax) run in the worker, where the
extension's registry lives (`sdk.cache.CacheClient`); the kernel re-checks what it can see:
model name, key hash, TTL in [5, 300] s, envelope size <= 64 KB. A cache is a cache: entries
live in the kernel's memory, bounded (least recently used go first), and vanish on restart.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param, same_app
from sdk.cache import ENVELOPE_VERSION, MAX_PAYLOAD_BYTES, TTL_MAX, TTL_MIN

KEY_HASH_RE = re.compile(r"^[0-9a-f]{16}$")
MODEL_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-:]{1,128}$")
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Key = tuple[str, str, str, str, str]  # tenant, user, app, model, key hash


class CacheService:
    """All scopes' entries in one LRU map; expired entries read as misses and are dropped."""

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, clock: Callable[[], float] = time.monotonic
    ):
        self.max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[Key, tuple[float, str]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def check(model: Any, key_hash: Any) -> None:
        if not isinstance(model, str) or not MODEL_NAME_RE.fullmatch(model):
            raise ValueError("cache model name must be 1-128 characters of [A-Za-z0-9_.-:]")
        if not isinstance(key_hash, str) or not KEY_HASH_RE.fullmatch(key_hash):
            raise ValueError("cache key hash must be 16 lower-case hex digits")

    @staticmethod
    def check_ttl(ttl: Any) -> int:
        if isinstance(ttl, bool) or not isinstance(ttl, int):
            raise ValueError("ttl_seconds must be an int")
        if not TTL_MIN <= ttl <= TTL_MAX:
            raise ValueError(f"ttl_seconds must be in [{TTL_MIN}, {TTL_MAX}], got {ttl}")
        return ttl

    def _drop(self, key: Key) -> None:
        hit = self._entries.pop(key, None)
        if hit is not None:
            self._bytes -= len(hit[1])

    def get(self, scope: tuple[str, str, str], model: str, key_hash: str) -> dict | None:
        self.check(model, key_hash)
        key = (*scope, model, key_hash)
        hit = self._entries.get(key)
        if hit is None:
            return None
        if hit[0] <= self._clock():
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return json.loads(hit[1])

    def put(
        self, scope: tuple[str, str, str], model: str, key_hash: str, envelope: Any, ttl: Any
    ) -> None:
        self.check(model, key_hash)
        ttl = self.check_ttl(ttl)
        if not isinstance(envelope, dict) or envelope.get("model") != model:
            raise ValueError("cache envelope must be a dict naming the same model")
        if envelope.get("version") != ENVELOPE_VERSION:
            raise ValueError(f"cache envelope version must be {ENVELOPE_VERSION}")
        text = json.dumps(envelope, separators=(",", ":"), allow_nan=False)
        size = len(text.encode("utf-8"))
        if size > MAX_PAYLOAD_BYTES:
            raise ValueError(f"cache payload is {size} bytes; the limit is {MAX_PAYLOAD_BYTES}")
        key = (*scope, model, key_hash)
        self._drop(key)
        self._entries[key] = (self._clock() + ttl, text)
        self._bytes += len(text)
        self._evict()

    def delete(self, scope: tuple[str, str, str], model: str, key_hash: str) -> None:
        self.check(model, key_hash)
        self._drop((*scope, model, key_hash))

    def _evict(self) -> None:
        now = self._clock()
        if self._bytes > self.max_bytes:
            for key in [k for k, (expires, _) in self._entries.items() if expires <= now]:
                self._drop(key)
        while self._bytes > self.max_bytes and self._entries:
            self._drop(next(iter(self._entries)))


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`get`, `put`, `delete` of one envelope (the `sdk.cache.CacheBackend` methods)."""
    service = scope.services.get("cache")
    if service is None:
        raise RemoteError("RuntimeError", "ctx.cache has no backend in this kernel")
    where = (scope.tenant_id, acting_user(scope, params), same_app(scope, params))
    model = param(params, "model", str)
    key_hash = param(params, "key_hash", str)
    if method == "get":
        return service.get(where, model, key_hash)
    if method == "put":
        service.put(where, model, key_hash, params.get("envelope"), params.get("ttl"))
        return None
    if method == "delete":
        service.delete(where, model, key_hash)
        return None
    raise RemoteError("NotImplementedError", f"ctx.cache has no method {method!r}")
