"""`ctx.cache` (v1.6.0 contract): small typed values cached per (app, user, model, key).

The rules below are checked before any I/O, in the SDK, so every host enforces them the same
way; `CacheRules` exposes them for the kernel to call directly:

- a key is a non-empty str of at most 128 characters matching `^[A-Za-z0-9_\\-:]+$`;
- `ttl_seconds` is an int (not a bool) in [5, 300];
- values are pydantic model instances; `get` takes a model class;
- the model class must be registered with `@ext.cache_model` (identity lookup, so a parent or
  subclass of the registered class does not match);
- the serialised envelope is at most 64 KB.

`CacheClient` applies them and stores envelopes in a `CacheBackend` the host provides (the
hosted SDK uses HTTP; the kernel uses SQLite). `MemoryCacheBackend` is an in-process backend.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

KEY_RE = re.compile(r"^[A-Za-z0-9_\-:]+$")
MAX_KEY_LENGTH = 128
TTL_MIN = 5
TTL_MAX = 300
DEFAULT_TTL = 60
MAX_PAYLOAD_BYTES = 65536
ENVELOPE_VERSION = 1

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "DEFAULT_TTL",
    "ENVELOPE_VERSION",
    "KEY_RE",
    "MAX_KEY_LENGTH",
    "MAX_PAYLOAD_BYTES",
    "TTL_MAX",
    "TTL_MIN",
    "CacheBackend",
    "CacheClient",
    "CacheProtocol",
    "CacheRules",
    "MemoryCacheBackend",
    "build_envelope",
    "check_key",
    "check_model_class",
    "check_ttl",
    "check_value",
    "key_hash",
    "model_name_for",
]


@runtime_checkable
class CacheProtocol(Protocol):
    async def get(self, key: str, model: type[M]) -> M | None: ...

    async def set(self, key: str, value: BaseModel, ttl_seconds: int = DEFAULT_TTL) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def get_or_fetch(
        self,
        key: str,
        model: type[M],
        fetcher: Callable[[], Awaitable[M]],
        ttl_seconds: int = DEFAULT_TTL,
    ) -> M: ...


# -- rules ----------------------------------------------------------------------------------------


def check_key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise ValueError("cache key must be a non-empty str")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"cache key is longer than {MAX_KEY_LENGTH} characters")
    if not KEY_RE.fullmatch(key):
        raise ValueError(f"cache key {key!r} must match ^[A-Za-z0-9_\\-:]+$")
    return key


def check_ttl(ttl_seconds: Any) -> int:
    if isinstance(ttl_seconds, bool) or not isinstance(ttl_seconds, int):
        raise ValueError("ttl_seconds must be an int")
    if not TTL_MIN <= ttl_seconds <= TTL_MAX:
        raise ValueError(f"ttl_seconds must be in [{TTL_MIN}, {TTL_MAX}], got {ttl_seconds}")
    return ttl_seconds


def check_model_class(model: Any) -> type[BaseModel]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError("cache model must be a pydantic BaseModel class")
    return model


def check_value(value: Any) -> BaseModel:
    if not isinstance(value, BaseModel):
        raise TypeError("cache values must be pydantic BaseModel instances")
    return value


def model_name_for(extension: Any, model: type[BaseModel]) -> str:
    """The name `model` was registered under with `@ext.cache_model` (identity lookup)."""
    registry = getattr(extension, "_cache_models", None) or {}
    for name, cls in registry.items():
        if cls is model:
            return name
    raise ValueError(
        f"{getattr(model, '__name__', model)!r} is not registered with @ext.cache_model "
        "(the exact registered class is required; parents and subclasses do not match)"
    )


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def build_envelope(model_name: str, value: BaseModel) -> dict[str, Any]:
    envelope = {
        "model": model_name,
        "version": ENVELOPE_VERSION,
        "data": value.model_dump(mode="json"),
        "cached_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    size = len(json.dumps(envelope, separators=(",", ":")).encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise ValueError(f"cache payload is {size} bytes; the limit is {MAX_PAYLOAD_BYTES}")
    return envelope


class CacheRules:
    """The pre-network checks bound to one extension, for hosts that store cache entries."""

    def __init__(self, extension: Any):
        self.extension = extension

    def for_get(self, key: Any, model: Any) -> tuple[str, str]:
        """(key hash, model name) for a read; raises ValueError/TypeError."""
        check_key(key)
        check_model_class(model)
        return key_hash(key), model_name_for(self.extension, model)

    def for_set(self, key: Any, value: Any, ttl_seconds: Any) -> tuple[str, dict[str, Any], int]:
        """(key hash, envelope, ttl) for a write; raises ValueError/TypeError."""
        check_key(key)
        ttl = check_ttl(ttl_seconds)
        check_value(value)
        name = model_name_for(self.extension, type(value))
        return key_hash(key), build_envelope(name, value), ttl

    def model_names(self) -> list[str]:
        return list((getattr(self.extension, "_cache_models", None) or {}).keys())


# -- client ---------------------------------------------------------------------------------------


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


class CacheClient:
    def __init__(
        self,
        app_id: str,
        user_id: str,
        gw_url: str = "",
        service_token: str = "",
        call_token: str = "",
        extension: Any = None,
        http_client: Any = None,
        *,
        backend: Any = None,
    ):
        self.app_id = app_id
        self.user_id = user_id
        self._gw_url = gw_url
        self._service_token = service_token
        self._call_token = call_token
        self._extension = extension
        self._http_client = http_client
        self._backend = backend if backend is not None else MemoryCacheBackend()
        self._rules = CacheRules(extension)

    def for_user(self, user_id: str) -> CacheClient:
        return CacheClient(
            self.app_id,
            user_id,
            self._gw_url,
            self._service_token,
            self._call_token,
            self._extension,
            self._http_client,
            backend=self._backend,
        )

    async def get(self, key: str, model: type[M]) -> M | None:
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
        model: type[M],
        fetcher: Callable[[], Awaitable[M]],
        ttl_seconds: int = DEFAULT_TTL,
    ) -> M:
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
