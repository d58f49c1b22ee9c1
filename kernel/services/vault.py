"""The encrypted vault file: where secrets live when no OS keyring works (a server over SSH).

The whole table is one file, `<data_dir>/secrets.vault`, encrypted with AES-256-GCM (a fresh
96-bit nonce per write, the file's header as associated data), written atomically, mode 0600.
Its 256-bit key comes from one of two places, named by the file's magic:

- `ISV2` **passphrase**: the key is derived with scrypt (N=2**15, r=8, p=1, a random 16-byte
  salt kept in the header) from a passphrase: `IMPERAL_SHELL_VAULT_PASSPHRASE` for unattended
  use (a resident kernel, scripts), or typed without echo where a command asks for it. Nothing
  on disk opens the vault without the passphrase.
- `ISV1` **key file**: the key is `<config_dir>/vault.key`, random bytes, mode 0600, refused
  when others can read it. This is the zero-configuration mode of a machine where nobody set a
  passphrase: it keeps secrets out of copies of the data dir (backups, bug reports), not away
  from the same OS user. `imperal-shell secrets passphrase` moves a vault to the passphrase
  mode (and deletes the key file).

A new vault starts in the passphrase mode when a passphrase is given, else in the key-file
mode. Plaintext is decrypted per request and never kept; values never reach reprs or errors.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sdk.secrets.exceptions import SecretVaultUnavailable

PASSPHRASE_ENV = "IMPERAL_SHELL_VAULT_PASSPHRASE"
MAGIC = b"ISV1"  # key file: MAGIC + 12-byte nonce + AES-GCM(ciphertext + tag)
MAGIC_PASSPHRASE = b"ISV2"  # MAGIC + salt(16) + log2 N, r, p (1 byte each) + nonce + AES-GCM
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
MIN_PASSPHRASE = 8


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_private(path: Path, what: str) -> os.stat_result:
    """`path`'s stat; refused unless a regular file of this user that nobody else can read."""
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


def write_private(path: Path, payload: bytes) -> None:
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


def check_passphrase(passphrase: str) -> str:
    """A usable passphrase, or ValueError saying why not."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"a vault passphrase has at least {MIN_PASSPHRASE} characters")
    if passphrase != passphrase.strip():
        raise ValueError("a vault passphrase does not start or end with spaces")
    return passphrase


def derive_key(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    """The scrypt-derived 256-bit key of `passphrase` (about 0.1 s and 32 MiB by design)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise SecretVaultUnavailable("the secret vault's header names impossible scrypt costs")
    return Scrypt(salt=salt, length=KEY_BYTES, n=2**log_n, r=r, p=p).derive(passphrase.encode())


class VaultSecrets:
    """Secrets in one AES-256-GCM encrypted file (blocking calls: run them in a thread)."""

    name = "vault"

    def __init__(self, vault_path: Path, key_path: Path, passphrase: str | None = None):
        self.vault_path = Path(vault_path)
        self.key_path = Path(key_path)
        self._passphrase = passphrase or None
        self._derived: dict[bytes, bytes] = {}  # header -> key: scrypt once per process
        self._accessed: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"VaultSecrets({str(self.vault_path)!r})"

    @property
    def mode(self) -> str:
        """ "passphrase", "keyfile", or "new" when no vault file exists yet."""
        try:
            head = self.vault_path.read_bytes()[:4]
        except FileNotFoundError:
            return "new"
        return "passphrase" if head == MAGIC_PASSPHRASE else "keyfile"

    # -- keys ---------------------------------------------------------------------------------

    def _file_key(self, *, create: bool) -> bytes | None:
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
        check_private(self.key_path, "vault key file")
        key = self.key_path.read_bytes()
        if len(key) != KEY_BYTES:
            raise SecretVaultUnavailable(f"the vault key file {self.key_path} is damaged")
        return key

    def _passphrase_key(self, header: bytes) -> bytes:
        if self._passphrase is None:
            raise SecretVaultUnavailable(
                f"the secret vault {self.vault_path} is locked with a passphrase; "
                f"set {PASSPHRASE_ENV} to open it"
            )
        if header not in self._derived:
            salt = header[4 : 4 + SALT_BYTES]
            log_n, r, p = header[4 + SALT_BYTES : 4 + SALT_BYTES + 3]
            self._derived[header] = derive_key(self._passphrase, salt, log_n, r, p)
        return self._derived[header]

    @staticmethod
    def _new_header() -> bytes:
        return MAGIC_PASSPHRASE + os.urandom(SALT_BYTES) + bytes((SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P))

    # -- the file -----------------------------------------------------------------------------

    def _read(self) -> tuple[bytes, bytes, dict[str, dict[str, Any]]] | None:
        """(header, key, entries) of the vault on disk, or None when there is none yet."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not self.vault_path.exists():
            return None
        check_private(self.vault_path, "secret vault")
        raw = self.vault_path.read_bytes()
        if raw.startswith(MAGIC_PASSPHRASE):
            header = raw[: 4 + SALT_BYTES + 3]
            key = self._passphrase_key(header)
            opener = f"the passphrase in {PASSPHRASE_ENV}" if self._passphrase else ""
        elif raw.startswith(MAGIC):
            header = MAGIC
            key = self._file_key(create=False)
            opener = str(self.key_path)
        else:
            raise SecretVaultUnavailable(f"the secret vault {self.vault_path} is damaged")
        body = raw[len(header) :]
        if len(body) < NONCE_BYTES + 16 or key is None:
            raise SecretVaultUnavailable(f"the secret vault {self.vault_path} is damaged")
        try:
            plain = AESGCM(key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], header)
        except InvalidTag:
            raise SecretVaultUnavailable(
                f"the secret vault {self.vault_path} cannot be decrypted with {opener} "
                "(wrong passphrase or key file, or the vault was altered)"
            ) from None
        table = json.loads(plain)
        entries = table.get("entries", {}) if isinstance(table, dict) else {}
        return header, key, entries

    def _open(self, *, create: bool) -> tuple[bytes, bytes, dict[str, dict[str, Any]]] | None:
        found = self._read()
        if found is not None or not create:
            return found
        if self._passphrase is not None:
            header = self._new_header()
            return header, self._passphrase_key(header), {}
        key = self._file_key(create=True)
        assert key is not None
        return MAGIC, key, {}

    def _write(self, header: bytes, key: bytes, entries: dict[str, dict[str, Any]]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        for entry_key, when in self._accessed.items():
            if entry_key in entries:
                entries[entry_key]["last_accessed_at"] = when
        self._accessed.clear()
        plain = json.dumps({"version": 1, "entries": entries}, separators=(",", ":")).encode()
        nonce = os.urandom(NONCE_BYTES)
        write_private(self.vault_path, header + nonce + AESGCM(key).encrypt(nonce, plain, header))

    # -- the backend interface ----------------------------------------------------------------

    def get(self, key: str) -> str | None:
        found = self._read()
        entry = found[2].get(key) if found else None
        if entry is None:
            return None
        self._accessed[key] = now_text()
        return entry.get("value")

    def set(self, key: str, value: str) -> None:
        header, vault_key, entries = self._open(create=True)  # type: ignore[misc]
        previous = entries.get(key, {})
        entries[key] = {
            "value": value,
            "updated_at": now_text(),
            "last_accessed_at": previous.get("last_accessed_at"),
        }
        self._write(header, vault_key, entries)

    def delete(self, key: str) -> bool:
        found = self._read()
        if found is None or key not in found[2]:
            return False
        header, vault_key, entries = found
        del entries[key]
        self._accessed.pop(key, None)
        self._write(header, vault_key, entries)
        return True

    def meta(self, key: str) -> dict[str, Any] | None:
        found = self._read()
        entry = found[2].get(key) if found else None
        if entry is None:
            return None
        return {
            "last_accessed_at": self._accessed.get(key) or entry.get("last_accessed_at"),
            "updated_at": entry.get("updated_at"),
        }

    def keys(self) -> list[str]:
        found = self._read()
        return sorted(found[2]) if found else []

    def values(self) -> list[str]:
        """Every stored value (for redaction only: never shown)."""
        found = self._read()
        return (
            [e["value"] for e in found[2].values() if isinstance(e.get("value"), str)]
            if found
            else []
        )

    def set_passphrase(self, passphrase: str) -> None:
        """Re-encrypt the vault under a key derived from `passphrase` (a new salt); a key file
        the vault used is deleted once the new vault is on disk."""
        check_passphrase(passphrase)
        found = self._read()
        entries = found[2] if found else {}
        self._passphrase = passphrase
        header = self._new_header()
        self._write(header, self._passphrase_key(header), entries)
        self.key_path.unlink(missing_ok=True)
