"""`ctx.secrets` in the kernel: the OS keyring when a real backend works, else an encrypted vault.

Where secrets live:
- **keyring**: the OS keyring (`keyring`), service `imperal-shell:<hash of the data dir>`, one
  entry per (tenant, user, extension, name). Used when `keyring` finds a real backend: not the
  fail or null backends, not a chainer without usable backends, not `keyrings.alt` (plaintext
  or passphrase-prompting files).
- **vault**: `<data_dir>/secrets.vault`, the whole table encrypted with AES-256-GCM (fresh
  96-bit nonce per write, the file header as associated data), written atomically with mode
  0600. Its 256-bit key is `<config_dir>/vault.key`: random bytes from `os.urandom`, mode 0600,
  owned by the user, refused when group/world readable. A headless box has no desktop keyring
  to hold a key and no one to type a passphrase for a resident kernel, so the key is a file: it
  keeps secrets out of copies of the data dir (backups, bug reports) and out of plaintext on
  disk; it does not protect against the same OS user, who could read the key file (nothing
  unattended could). With `IMPERAL_SHELL_HOME` the config and data dirs are one folder.
The choice is remembered in `<data_dir>/secrets.backend` after the first write, so secrets
never silently split between backends; `IMPERAL_SHELL_SECRETS=keyring|vault` forces one.

Values never reach logs, error messages or reprs; errors name the secret, never its value.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param, refuse_in_read_only, same_app
from sdk.secrets.exceptions import SecretVaultUnavailable
from sdk.secrets.spec import MAX_BYTES_LIMIT

_log = logging.getLogger("kernel.services.secrets")

VAULT_FILE = "secrets.vault"
KEY_FILE = "vault.key"
BACKEND_MARKER = "secrets.backend"
BACKEND_ENV = "IMPERAL_SHELL_SECRETS"
MAGIC = b"ISV1"  # file format: MAGIC + 12-byte nonce + AES-GCM(ciphertext + tag)
KEY_BYTES = 32
NONCE_BYTES = 12
BACKENDS = ("keyring", "vault")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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

    def delete(self, key: str) -> bool:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            if keyring.get_password(self.service, key) is None:
                return False
            keyring.delete_password(self.service, key)
            return True
        except PasswordDeleteError:
            return False
        except Exception as exc:
            raise self._fail(exc) from None

    def meta(self, key: str) -> dict[str, Any] | None:
        return None if self.get(key) is None else {"last_accessed_at": None}


# -- vault file ------------------------------------------------------------------------------------


def _check_private(path: Path, what: str) -> os.stat_result:
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        raise SecretVaultUnavailable(f"the {what} {path} is not a regular file")
    if st.st_uid != os.getuid():
        raise SecretVaultUnavailable(f"the {what} {path} belongs to another user")
    if st.st_mode & 0o077:
        raise SecretVaultUnavailable(
            f"the {what} {path} is readable by other users; `chmod 600 {path}` to use it"
        )
    return st


def _write_private(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` atomically (temp file, fsync, rename), mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class VaultSecrets:
    """Secrets in one AES-256-GCM encrypted file (blocking calls: run them in a thread).

    Plaintext is decrypted per request and never kept; last-access times are kept in memory
    and written with the next change.
    """

    name = "vault"

    def __init__(self, vault_path: Path, key_path: Path):
        self.vault_path = Path(vault_path)
        self.key_path = Path(key_path)
        self._accessed: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"VaultSecrets({str(self.vault_path)!r})"

    def _key(self, *, create: bool) -> bytes | None:
        if not self.key_path.exists():
            if self.vault_path.exists():
                raise SecretVaultUnavailable(
                    f"the secret vault {self.vault_path} exists but its key file "
                    f"{self.key_path} is missing; restore the key file"
                )
            if not create:
                return None
            self.key_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(KEY_BYTES))
                    fh.flush()
                    os.fsync(fh.fileno())
        _check_private(self.key_path, "vault key file")
        key = self.key_path.read_bytes()
        if len(key) != KEY_BYTES:
            raise SecretVaultUnavailable(f"the vault key file {self.key_path} is damaged")
        return key

    def _load(self, key: bytes | None) -> dict[str, dict[str, Any]]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if key is None or not self.vault_path.exists():
            return {}
        _check_private(self.vault_path, "secret vault")
        raw = self.vault_path.read_bytes()
        if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + NONCE_BYTES + 16:
            raise SecretVaultUnavailable(f"the secret vault {self.vault_path} is damaged")
        nonce = raw[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
        try:
            plain = AESGCM(key).decrypt(nonce, raw[len(MAGIC) + NONCE_BYTES :], MAGIC)
        except InvalidTag:
            raise SecretVaultUnavailable(
                f"the secret vault {self.vault_path} cannot be decrypted with {self.key_path} "
                "(wrong key file, or the vault was altered)"
            ) from None
        table = json.loads(plain)
        return table.get("entries", {}) if isinstance(table, dict) else {}

    def _save(self, key: bytes, entries: dict[str, dict[str, Any]]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        for entry_key, when in self._accessed.items():
            if entry_key in entries:
                entries[entry_key]["last_accessed_at"] = when
        self._accessed.clear()
        plain = json.dumps({"version": 1, "entries": entries}, separators=(",", ":")).encode()
        nonce = os.urandom(NONCE_BYTES)
        _write_private(self.vault_path, MAGIC + nonce + AESGCM(key).encrypt(nonce, plain, MAGIC))

    def get(self, key: str) -> str | None:
        entry = self._load(self._key(create=False)).get(key)
        if entry is None:
            return None
        self._accessed[key] = _now()
        return entry.get("value")

    def set(self, key: str, value: str) -> None:
        vault_key = self._key(create=True)
        assert vault_key is not None
        entries = self._load(vault_key)
        previous = entries.get(key, {})
        entries[key] = {
            "value": value,
            "updated_at": _now(),
            "last_accessed_at": previous.get("last_accessed_at"),
        }
        self._save(vault_key, entries)

    def delete(self, key: str) -> bool:
        vault_key = self._key(create=False)
        entries = self._load(vault_key)
        if key not in entries or vault_key is None:
            return False
        del entries[key]
        self._accessed.pop(key, None)
        self._save(vault_key, entries)
        return True

    def meta(self, key: str) -> dict[str, Any] | None:
        entry = self._load(self._key(create=False)).get(key)
        if entry is None:
            return None
        return {
            "last_accessed_at": self._accessed.get(key) or entry.get("last_accessed_at"),
            "updated_at": entry.get("updated_at"),
        }


# -- the service ----------------------------------------------------------------------------------


class SecretsService:
    """Per (tenant, user, extension) secrets on the chosen backend; one request at a time."""

    def __init__(
        self, data_dir: Path, config_dir: Path | None = None, *, backend: str | None = None
    ):
        self.data_dir = Path(data_dir)
        self.config_dir = Path(config_dir) if config_dir is not None else self.data_dir
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
                self._impl = VaultSecrets(self.data_dir / VAULT_FILE, self.config_dir / KEY_FILE)
        return self._impl

    def _remember(self, name: str) -> None:
        if not self.marker_path.exists():
            _write_private(self.marker_path, (name + "\n").encode())

    async def _run(self, op: str, *args: Any) -> Any:
        async with self._lock:
            backend = self._backend()
            if op == "set":
                await asyncio.to_thread(self._remember, backend.name)
            return await asyncio.to_thread(getattr(backend, op), *args)

    async def get(self, tenant_id: str, user_id: str, app_id: str, name: str) -> str | None:
        return await self._run("get", entry_id(tenant_id, user_id, app_id, name))

    async def set(self, tenant_id: str, user_id: str, app_id: str, name: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"secret {name!r}: value must be a str")
        await self._run("set", entry_id(tenant_id, user_id, app_id, name), value)

    async def delete(self, tenant_id: str, user_id: str, app_id: str, name: str) -> bool:
        return bool(await self._run("delete", entry_id(tenant_id, user_id, app_id, name)))

    async def meta(
        self, tenant_id: str, user_id: str, app_id: str, name: str
    ) -> dict[str, Any] | None:
        return await self._run("meta", entry_id(tenant_id, user_id, app_id, name))


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
        return name, {"write_mode": spec.write_mode, "max_bytes": spec.max_bytes}
    return name, {}


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`get`, `set`, `delete`, `meta` of one declared secret of the call's extension."""
    if method not in ("get", "set", "delete", "meta"):
        raise RemoteError("NotImplementedError", f"ctx.secrets has no method {method!r}")
    app_id = same_app(scope, params, "ext_id")
    user_id = acting_user(scope, params)
    name, spec = _declared(scope, params)
    where = (scope.tenant_id, user_id, app_id, name)
    service = _service(scope)
    if method == "get":
        return await service.get(*where)
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
