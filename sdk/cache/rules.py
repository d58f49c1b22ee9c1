"""The `ctx.cache` rules (v1.6.0 contract), checked in the SDK before any I/O so every host
enforces them the same way; `CacheRules` binds them to one extension for hosts that store entries.

- a key is a non-empty str of at most 128 characters matching `^[A-Za-z0-9_\\-:]+$`;
- `ttl_seconds` is an int (not a bool) in [5, 300];
- values are pydantic model instances; `get` takes a model class;
- the model class must be registered with `@ext.cache_model` (identity lookup, so a parent or
  subclass of the registered class does not match);
- the serialised envelope is at most 64 KB.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

KEY_RE = re.compile(r"^[A-Za-z0-9_\-:]+$")
MAX_KEY_LENGTH = 128
TTL_MIN = 5
TTL_MAX = 300
DEFAULT_TTL = 60
MAX_PAYLOAD_BYTES = 65536
ENVELOPE_VERSION = 1

__all__ = [
    "DEFAULT_TTL",
    "ENVELOPE_VERSION",
    "KEY_RE",
    "MAX_KEY_LENGTH",
    "MAX_PAYLOAD_BYTES",
    "TTL_MAX",
    "TTL_MIN",
    "CacheRules",
    "build_envelope",
    "check_key",
    "check_model_class",
    "check_ttl",
    "check_value",
    "key_hash",
    "model_name_for",
]


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
