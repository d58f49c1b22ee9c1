"""`ctx.secrets`: per-user, per-extension secrets declared with `ext.secret(...)`.

`SecretClient` enforces the whole SDK-side contract (declared names only, write_mode, max_bytes,
dev-mode environment fallback, never caching plaintext). Where the hosted SDK talks HTTP to the
auth gateway, this client talks to a `backend` the host supplies (the kernel backs it with the
OS keyring or an encrypted vault file). With no backend, outside dev mode, every access fails
closed with `SecretVaultUnavailable`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sdk._http_retry import retry_transient  # noqa: F401 - re-exported as in the real SDK
from sdk._shared_http import shared_http  # noqa: F401 - re-exported as in the real SDK
from sdk.secrets.exceptions import (
    SecretNotDeclaredError,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SecretWriteForbidden,
)
from sdk.secrets.spec import SecretSpec

_log = logging.getLogger("imperal_sdk.secrets")

SDK_HTTP_TIMEOUT_S = 5.0
DEV_MODE_ENV = "IMPERAL_DEV_MODE"
DEV_SECRET_PREFIX = "IMPERAL_SECRET_"
_TRUTHY = frozenset({"1", "true", "yes", "on"})

__all__ = [
    "DEV_MODE_ENV",
    "DEV_SECRET_PREFIX",
    "SDK_HTTP_TIMEOUT_S",
    "SecretBackend",
    "SecretClient",
    "SecretStatus",
    "dev_mode_enabled",
]


def dev_mode_enabled() -> bool:
    return os.environ.get(DEV_MODE_ENV, "").strip().lower() in _TRUTHY


@dataclass
class SecretStatus:
    """One row of `ctx.secrets.list()`: never the value."""

    name: str
    description: str
    is_set: bool
    last_accessed_at: str | None


@runtime_checkable
class SecretBackend(Protocol):
    """Storage a host plugs into `SecretClient`. Raise `SecretVaultUnavailable` when down."""

    async def get(self, ext_id: str, user_id: str, name: str) -> str | None: ...

    async def set(self, ext_id: str, user_id: str, name: str, value: str) -> None: ...

    async def delete(self, ext_id: str, user_id: str, name: str) -> bool: ...

    async def meta(self, ext_id: str, user_id: str, name: str) -> dict[str, Any] | None:
        """None when not set, else at least `{"last_accessed_at": str | None}`."""
        ...


class SecretClient:
    """Built with the real constructor (a hosted auth gateway) it has no backend here, so every
    access fails closed with `SecretVaultUnavailable`; `SecretClient.with_backend(...)` is how a
    host (the kernel, a test) plugs its storage in."""

    def __init__(
        self,
        *,
        ext_id: str,
        imperal_id: str,
        auth_gw_base: str,
        session_token: str,
        declared: dict[str, SecretSpec] | None,
    ):
        self._ext_id = ext_id
        self._imperal_id = imperal_id
        self._auth_gw_base = str(auth_gw_base or "").rstrip("/")
        self._session_token = session_token
        self._declared: dict[str, SecretSpec] = dict(declared or {})
        self._backend: Any = None

    @classmethod
    def with_backend(
        cls,
        *,
        ext_id: str,
        imperal_id: str,
        declared: dict[str, SecretSpec] | None,
        backend: Any,
    ) -> SecretClient:
        client = cls(ext_id=ext_id, imperal_id=imperal_id, auth_gw_base="", session_token="",
                     declared=declared)  # fmt: skip
        client._backend = backend
        return client

    def __repr__(self) -> str:  # never shows tokens or values
        return f"SecretClient(ext_id={self._ext_id!r}, declared={sorted(self._declared)!r})"

    def for_user(self, user_id: str) -> SecretClient:
        """The same declarations and backend, acting for another user."""
        clone = SecretClient(
            ext_id=self._ext_id,
            imperal_id=user_id,
            auth_gw_base=self._auth_gw_base,
            session_token=self._session_token,
            declared=self._declared,
        )
        clone._backend = self._backend
        return clone

    # -- checks ---------------------------------------------------------------------------------
    def _spec(self, name: str) -> SecretSpec:
        spec = self._declared.get(name) if isinstance(name, str) else None
        if spec is None:
            raise SecretNotDeclaredError(
                f"secret {name!r} is not declared by extension {self._ext_id!r}; "
                "declare it with ext.secret(...)"
            )
        return spec

    def _writable(self, spec: SecretSpec, verb: str) -> None:
        if spec.write_mode == "user":
            raise SecretWriteForbidden(
                f"secret {spec.name!r} has write_mode='user': only the user can {verb} it"
            )

    def _need_backend(self) -> Any:
        if self._backend is None:
            raise SecretVaultUnavailable(
                "the secret store is not available in imperal-shell: this client has no backend "
                "(the hosted auth gateway is not run locally; inside an extension ctx.secrets "
                "is the kernel's)"
            )
        return self._backend

    @staticmethod
    def _env_name(name: str) -> str:
        return DEV_SECRET_PREFIX + name.upper()

    # -- API --------------------------------------------------------------------------------------
    async def get(self, name: str) -> str | None:
        self._spec(name)
        if dev_mode_enabled():
            return os.environ.get(self._env_name(name))
        return await self._need_backend().get(self._ext_id, self._imperal_id, name)

    async def set(self, name: str, value: str) -> None:
        spec = self._spec(name)
        self._writable(spec, "set")
        if not isinstance(value, str):
            raise TypeError(f"secret {name!r}: value must be a str")
        if len(value.encode("utf-8")) > spec.max_bytes:
            raise SecretValueTooLarge(
                f"secret {name!r}: value is longer than max_bytes={spec.max_bytes}"
            )
        if dev_mode_enabled():
            _log.warning(
                "dev mode: ctx.secrets.set(%r) ignored; use %s", name, self._env_name(name)
            )
            return None
        await self._need_backend().set(self._ext_id, self._imperal_id, name, value)
        return None

    async def delete(self, name: str) -> bool:
        spec = self._spec(name)
        self._writable(spec, "delete")
        if dev_mode_enabled():
            _log.warning("dev mode: ctx.secrets.delete(%r) ignored", name)
            return False
        return bool(await self._need_backend().delete(self._ext_id, self._imperal_id, name))

    async def is_set(self, name: str) -> bool:
        self._spec(name)
        if dev_mode_enabled():
            return self._env_name(name) in os.environ
        meta = await self._need_backend().meta(self._ext_id, self._imperal_id, name)
        return meta is not None

    async def list(self) -> list[SecretStatus]:
        out: list[SecretStatus] = []
        dev = dev_mode_enabled()
        for name, spec in self._declared.items():
            if dev:
                is_set = self._env_name(name) in os.environ
                out.append(SecretStatus(name, spec.description, is_set, None))
                continue
            meta = await self._need_backend().meta(self._ext_id, self._imperal_id, name)
            out.append(
                SecretStatus(
                    name,
                    spec.description,
                    meta is not None,
                    (meta or {}).get("last_accessed_at"),
                )
            )
        return out
