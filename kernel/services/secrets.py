"""`ctx.secrets` in the kernel: the OS keyring when a real backend works, else an encrypted vault.

Where secrets live:
- **keyring**: the OS keyring (`keyring`), service `imperal-shell:<hash of the data dir>`, one
  entry per (tenant, user, extension, name). Used when `keyring` finds a real backend: not the
  fail or null backends, not a chainer without usable backends, not `keyrings.alt` (plaintext
  or passphrase-prompting files). A keyring cannot list its entries, so the entry ids (never
  values) are also kept in `<data_dir>/secrets.index` (mode 0600).
- **vault**: `<data_dir>/secrets.vault`, AES-256-GCM, its key derived from a passphrase with
  scrypt (`IMPERAL_SHELL_VAULT_PASSPHRASE`) or, where nobody set one, kept in a 0600 key file
  (`kernel.services.vault` says what each protects against).
The choice is remembered in `<data_dir>/secrets.backend` after the first write, so secrets
never silently split between backends; `IMPERAL_SHELL_SECRETS=keyring|vault` forces one.

Values never reach logs, error messages or reprs; errors name the secret, never its value.
Every value the service reads or writes is handed to the kernel's redactor (`kernel.redact`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.redact import REDACTOR
from kernel.services.common import acting_user, param, refuse_in_read_only, same_app
from kernel.services.vault import PASSPHRASE_ENV, VaultSecrets, check_private, write_private
from sdk.secrets.exceptions import SecretVaultUnavailable
from sdk.secrets.spec import ENV_FALLBACK_PREFIX, MAX_BYTES_LIMIT

_log = logging.getLogger("kernel.services.secrets")

VAULT_FILE = "secrets.vault"
KEY_FILE = "vault.key"
INDEX_FILE = "secrets.index"
BACKEND_MARKER = "secrets.backend"
BACKEND_ENV = "IMPERAL_SHELL_SECRETS"
BACKENDS = ("keyring", "vault")


def entry_id(tenant_id: str, user_id: str, app_id: str, name: str) -> str:
    """One unambiguous string per (tenant, user, extension, secret)."""
    return json.dumps([tenant_id, user_id, app_id, name], separators=(",", ":"))


# -- keyring ---------------------------------------------------------------------------------------


def _keyring_backend_usable(backend: Any) -> bool:
    from keyring.backends import chainer, fail

    module = type(backend).__module__
    if isinstance(backend, fail.Keyring) or module.startswith(
        ("keyring.backends.null", "keyrings.alt")
    ):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_keyring_backend_usable(b) for b in backend.backends)
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend that cannot even report its priority is not viable
        return False


def keyring_usable() -> bool:
    """True when `keyring` has a real OS backend (Secret Service, macOS Keychain, Windows...)."""
    try:
        import keyring

        return _keyring_backend_usable(keyring.get_keyring())
    except Exception:
        return False


class KeyringSecrets:
    """Secrets as OS keyring entries (blocking calls: run them in a thread)."""

    name = "keyring"

    def __init__(self, data_dir: Path):
        digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
        self.service = f"imperal-shell:{digest}"
        self.index_path = Path(data_dir) / INDEX_FILE

    def keys(self) -> list[str]:
        """The entry ids stored through this data dir (from the index; never values)."""
        try:
            check_private(self.index_path, "secrets index")
            ids = json.loads(self.index_path.read_text())
        except FileNotFoundError:
            return []
        except ValueError:
            _log.warning("the secrets index %s is damaged; listing nothing", self.index_path)
            return []
        return sorted(i for i in ids if isinstance(i, str)) if isinstance(ids, list) else []

    def _index(self, key: str, present: bool) -> None:
        ids = set(self.keys())
        if (key in ids) == present:
            return
        ids = ids | {key} if present else ids - {key}
        write_private(self.index_path, json.dumps(sorted(ids)).encode())

    def values(self) -> list[str]:
        found = (self.get(k) for k in self.keys())
        return [v for v in found if v]

    def _fail(self, exc: Exception) -> SecretVaultUnavailable:
        # the exception text is never forwarded: a backend may echo what it was given
        return SecretVaultUnavailable(f"the OS keyring failed ({type(exc).__name__})")

    def get(self, key: str) -> str | None:
        import keyring

        try:
            return keyring.get_password(self.service, key)
        except Exception as exc:
            raise self._fail(exc) from None

    def set(self, key: str, value: str) -> None:
        import keyring

        try:
            keyring.set_password(self.service, key, value)
        except Exception as exc:
            raise self._fail(exc) from None
        self._index(key, True)

    def delete(self, key: str) -> bool:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            if keyring.get_password(self.service, key) is None:
                self._index(key, False)
                return False
            keyring.delete_password(self.service, key)
            self._index(key, False)
            return True
        except PasswordDeleteError:
            return False
        except Exception as exc:
            raise self._fail(exc) from None

    def meta(self, key: str) -> dict[str, Any] | None:
        return None if self.get(key) is None else {"last_accessed_at": None}


# -- the service ----------------------------------------------------------------------------------


class SecretsService:
    """Per (tenant, user, extension) secrets on the chosen backend; one request at a time."""

    def __init__(
        self,
        data_dir: Path,
        config_dir: Path | None = None,
        *,
        backend: str | None = None,
        passphrase: str | None = None,
        on_value: Callable[[str], None] | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.config_dir = Path(config_dir) if config_dir is not None else self.data_dir
        self._passphrase = passphrase or os.environ.get(PASSPHRASE_ENV) or None
        self._on_value = on_value if on_value is not None else REDACTOR.add
        forced = backend or os.environ.get(BACKEND_ENV) or ""
        if forced and forced not in (*BACKENDS, "auto"):
            raise ValueError(f"{BACKEND_ENV}={forced!r} is not one of keyring, vault, auto")
        self._forced = forced if forced in BACKENDS else ""
        self._lock = asyncio.Lock()
        self._impl: KeyringSecrets | VaultSecrets | None = None

    def __repr__(self) -> str:
        return f"SecretsService(data_dir={str(self.data_dir)!r})"

    @property
    def marker_path(self) -> Path:
        return self.data_dir / BACKEND_MARKER

    def backend_name(self) -> str:
        """ "keyring" or "vault": forced, remembered from the first write, or detected."""
        if self._forced:
            return self._forced
        try:
            remembered = self.marker_path.read_text().strip()
        except FileNotFoundError:
            remembered = ""
        if remembered in BACKENDS:
            return remembered
        return "keyring" if keyring_usable() else "vault"

    def _backend(self) -> KeyringSecrets | VaultSecrets:
        name = self.backend_name()
        if self._impl is None or self._impl.name != name:
            if name == "keyring":
                if not keyring_usable():
                    raise SecretVaultUnavailable(
                        "secrets are kept in the OS keyring, which is not available now "
                        f"(see {self.marker_path})"
                    )
                self._impl = KeyringSecrets(self.data_dir)
            else:
                self._impl = VaultSecrets(
                    self.data_dir / VAULT_FILE, self.config_dir / KEY_FILE, self._passphrase
                )
        return self._impl

    def _remember(self, name: str) -> None:
        if not self.marker_path.exists():
            write_private(self.marker_path, (name + "\n").encode())

    async def _run(self, op: str, *args: Any) -> Any:
        async with self._lock:
            backend = self._backend()
            if op == "set":
                await asyncio.to_thread(self._remember, backend.name)
            return await asyncio.to_thread(getattr(backend, op), *args)

    async def get(self, tenant_id: str, user_id: str, app_id: str, name: str) -> str | None:
        value = await self._run("get", entry_id(tenant_id, user_id, app_id, name))
        if isinstance(value, str):
            self._on_value(value)
        return value

    async def set(self, tenant_id: str, user_id: str, app_id: str, name: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"secret {name!r}: value must be a str")
        self._on_value(value)
        await self._run("set", entry_id(tenant_id, user_id, app_id, name), value)

    async def entries(self) -> list[tuple[str, str, str, str]]:
        """Every stored (tenant, user, extension, name); never values."""
        out = []
        for key in await self._run("keys"):
            try:
                parts = json.loads(key)
            except ValueError:
                continue
            if (
                isinstance(parts, list)
                and len(parts) == 4
                and all(isinstance(p, str) for p in parts)
            ):
                out.append(tuple(parts))
        return sorted(out)

    async def learn_values(self) -> int:
        """Hand every stored value to the redactor (at kernel start); how many there were."""
        values = await self._run("values")
        for value in values:
            self._on_value(value)
        return len(values)

    def vault_mode(self) -> str:
        """The vault's key mode ("passphrase", "keyfile", "new"), or "" on the keyring."""
        backend = self._backend()
        return backend.mode if isinstance(backend, VaultSecrets) else ""

    async def set_passphrase(self, passphrase: str) -> None:
        """Lock the vault with a key derived from `passphrase` (ValueError for a weak one;
        SecretVaultUnavailable on the keyring backend, which needs none)."""
        async with self._lock:
            backend = self._backend()
            if not isinstance(backend, VaultSecrets):
                raise SecretVaultUnavailable(
                    "secrets are in the OS keyring here; a vault passphrase is not used"
                )
            await asyncio.to_thread(self._remember, backend.name)
            await asyncio.to_thread(backend.set_passphrase, passphrase)
            self._passphrase = passphrase

    async def delete(self, tenant_id: str, user_id: str, app_id: str, name: str) -> bool:
        return bool(await self._run("delete", entry_id(tenant_id, user_id, app_id, name)))

    async def meta(
        self, tenant_id: str, user_id: str, app_id: str, name: str
    ) -> dict[str, Any] | None:
        return await self._run("meta", entry_id(tenant_id, user_id, app_id, name))


APP_SCOPE_USER = ""  # the user id of an app-scoped secret's entry


def _env_fallback(spec: dict[str, Any]) -> str | None:
    """The declared `env_fallback` variable's value (only an `IMPERAL_APPSECRET_*` name the
    extension declared; never any other environment variable)."""
    variable = spec.get("env_fallback")
    if not isinstance(variable, str) or not variable.startswith(ENV_FALLBACK_PREFIX):
        return None
    value = os.environ.get(variable) or None
    if value is not None:
        REDACTOR.add(value)
    return value


# -- RPC ------------------------------------------------------------------------------------------


def _service(scope: CallScope) -> SecretsService:
    service = scope.services.get("secrets")
    if service is None:
        raise RemoteError("SecretVaultUnavailable", "the secret store is not available")
    return service


def _declared(scope: CallScope, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(name, what the kernel knows of its declaration).

    `scope.declared_secrets` is a tuple of names, or a dict name -> `SecretSpec`, manifest dict
    or write_mode string; with a dict the kernel also enforces write_mode and max_bytes (the
    worker's SecretClient checks them too, but a worker can be bypassed)."""
    name = param(params, "name", str)
    declared = scope.declared_secrets
    if name not in declared:
        raise RemoteError(
            "SecretNotDeclaredError",
            f"secret {name!r} is not declared by extension {scope.app_id!r}; "
            "declare it with ext.secret(...)",
        )
    spec = declared[name] if isinstance(declared, dict) else None
    if isinstance(spec, str):
        return name, {"write_mode": spec}
    if isinstance(spec, dict):
        return name, spec
    if spec is not None:
        return name, spec.to_manifest_dict()
    return name, {}


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`get`, `set`, `delete`, `meta` of one declared secret of the call's extension."""
    if method not in ("get", "set", "delete", "meta"):
        raise RemoteError("NotImplementedError", f"ctx.secrets has no method {method!r}")
    app_id = same_app(scope, params, "ext_id")
    user_id = acting_user(scope, params)
    name, spec = _declared(scope, params)
    # scope="app": one value for the extension, shared by every user of the tenant
    owner = APP_SCOPE_USER if spec.get("scope") == "app" else user_id
    where = (scope.tenant_id, owner, app_id, name)
    service = _service(scope)
    if method == "get":
        value = await service.get(*where)
        if value is None:
            value = _env_fallback(spec)
        return value
    if method == "meta":
        return await service.meta(*where)
    refuse_in_read_only(scope, f"ctx.secrets.{method}({name!r})", "SecretWriteForbidden")
    if spec.get("write_mode") == "user":
        raise RemoteError(
            "SecretWriteForbidden",
            f"secret {name!r} has write_mode='user': only the user can {method} it",
        )
    if method == "delete":
        return await service.delete(*where)
    value = params.get("value")
    if not isinstance(value, str):
        raise RemoteError("TypeError", f"secret {name!r}: value must be a str")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise RemoteError("ValueError", f"secret {name!r}: value is not valid text") from None
    limit = min(int(spec.get("max_bytes") or MAX_BYTES_LIMIT), MAX_BYTES_LIMIT)
    if size > limit:
        raise RemoteError(
            "SecretValueTooLarge", f"secret {name!r}: value is longer than max_bytes={limit}"
        )
    await service.set(*where, value)
    return None
