"""`imperal_sdk.cache`: `ctx.cache`, small typed values cached per (app, user, model, key).

`rules` holds the v1.6.0 checks, `backend` where entries live, `protocol` the Protocol and
`client` the `CacheClient`; every name is importable from here.
"""

from sdk.cache.backend import CacheBackend, MemoryCacheBackend
from sdk.cache.client import CacheClient
from sdk.cache.protocol import CacheProtocol
from sdk.cache.rules import (
    DEFAULT_TTL,
    ENVELOPE_VERSION,
    KEY_RE,
    MAX_KEY_LENGTH,
    MAX_PAYLOAD_BYTES,
    TTL_MAX,
    TTL_MIN,
    CacheRules,
    build_envelope,
    check_key,
    check_model_class,
    check_ttl,
    check_value,
    key_hash,
    model_name_for,
)

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
