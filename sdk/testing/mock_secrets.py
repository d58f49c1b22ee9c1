"""`MockSecretStore`: an in-memory stand-in for `ctx.secrets` in extension tests.

Values live in `_store` (a plain dict extension tests read and seed). Differences from the real
client, kept on purpose because extension tests rely on them: an undeclared name raises plain
`ValueError` (only when `declared` is given), and there is no write_mode or max_bytes checking.
"""

from __future__ import annotations

from sdk.secrets.client import SecretStatus

_Status = SecretStatus

__all__ = ["MockSecretStore"]


class MockSecretStore:
    def __init__(self, initial: dict[str, str] | None = None, *, declared: set[str] | None = None):
        self._store: dict[str, str] = dict(initial or {})
        self._declared: set[str] | None = set(declared) if declared is not None else None

    def _check(self, name: str) -> None:
        if self._declared is not None and name not in self._declared:
            raise ValueError(
                f"secret {name!r} is not declared (declared: {sorted(self._declared)})"
            )

    def for_user(self, imperal_id: str) -> MockSecretStore:
        """The same store: tests share one set of secrets across `ctx.as_user` contexts."""
        return self

    async def get(self, name: str) -> str | None:
        self._check(name)
        return self._store.get(name)

    async def set(self, name: str, value: str) -> None:
        self._check(name)
        self._store[name] = value

    async def delete(self, name: str) -> bool:
        self._check(name)
        return self._store.pop(name, None) is not None

    async def is_set(self, name: str) -> bool:
        self._check(name)
        return name in self._store

    async def list(self) -> list[SecretStatus]:
        return [
            _Status(name=name, description="(mock)", is_set=True, last_accessed_at=None)
            for name in self._store
        ]
