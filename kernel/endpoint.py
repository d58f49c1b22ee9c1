"""Where the kernel of a data dir lives: its lock, its socket (in a private directory we
verify), its log. Stdlib only, no asyncio: the thin client imports this.

One kernel per data dir: whoever runs a kernel on it (the resident server, or an embedded
kernel with IMPERAL_SHELL_SERVER=0) holds an exclusive flock on `kernel.lock`, which names the
holder's pid.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import stat
import struct
import time
from pathlib import Path

MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to about 108 bytes


class UnsafeSocketDir(Exception):
    """The socket's directory could let another user reach or replace the kernel's socket."""


class DataDirBusy(Exception):
    """Another kernel (resident or embedded) holds this data dir."""

    def __init__(self, message: str, pid: int | None = None):
        super().__init__(message)
        self.pid = pid


def socket_dir(config) -> Path:
    """The data dir when the socket path fits AF_UNIX, else a per-user dir in the runtime or
    temp dir."""
    direct = Path(config.data_dir) / "kernel.sock"
    if len(str(direct)) <= MAX_SOCKET_PATH:
        return Path(config.data_dir)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute() and len(runtime) < MAX_SOCKET_PATH - 40:
        base = Path(runtime)
    else:
        import tempfile

        base = Path(tempfile.gettempdir())
    return base / f"imperal-shell-{os.getuid()}"


def socket_path(config) -> Path:
    folder = socket_dir(config)
    if folder == Path(config.data_dir):
        return folder / "kernel.sock"
    digest = hashlib.sha256(str(config.data_dir).encode()).hexdigest()[:16]
    return folder / f"{digest}.sock"


def private_socket_path(config, *, create: bool) -> Path:
    """The socket path, after making sure its directory is ours alone (creating it 0700)."""
    folder = socket_dir(config)
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700, parents=folder == Path(config.data_dir))
    verify_private_dir(folder)
    return socket_path(config)


def verify_private_dir(folder: Path) -> None:
    """Refuse a directory another user owns or could write to, or a symlink."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return  # nothing listens there; connecting will say so
    hint = f"remove it (or fix it) and try again; the kernel's socket must be private: {folder}"
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeSocketDir(f"the socket directory is a symlink; {hint}")
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeSocketDir(f"the socket directory is not a directory; {hint}")
    if st.st_uid != os.getuid():
        raise UnsafeSocketDir(
            f"the socket directory belongs to uid {st.st_uid}, not to you (uid {os.getuid()}); "
            + hint
        )
    if st.st_mode & 0o022:
        mode = stat.S_IMODE(st.st_mode)
        raise UnsafeSocketDir(
            f"the socket directory is group or world writable (mode {mode:04o}); {hint}"
        )


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end of a Unix socket (None where unsupported)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return uid


def lock_path(config) -> Path:
    return Path(config.data_dir) / "kernel.lock"


def log_path(config) -> Path:
    return Path(config.data_dir) / "kernel.log"


class DataDirLock:
    """The exclusive right to run a kernel on a data dir, for as long as it is held."""

    def __init__(self, config, kind: str):
        import fcntl

        Path(config.data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        path = lock_path(config)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DataDirBusy(_busy_text(config, holder), holder[0] if holder else None) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {kind}\n".encode())
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, config, kind: str, wait: float = 0.0) -> DataDirLock:
        """Take the lock, retrying for up to `wait` seconds (a holder may be on its way out)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                return cls(config, kind)
            except DataDirBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def lock_holder(config) -> tuple[int, str] | None:
    """Who holds the data dir (pid, "resident" | "embedded"), or None when it is free."""
    import fcntl

    try:
        fd = os.open(lock_path(config), os.O_RDWR)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return _read_holder(fd) or (0, "unknown")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_holder(fd: int) -> tuple[int, str] | None:
    try:
        words = os.pread(fd, 200, 0).decode(errors="replace").split()
        return int(words[0]), (words[1] if len(words) > 1 else "unknown")
    except (OSError, ValueError, IndexError):
        return None


def _busy_text(config, holder: tuple[int, str] | None) -> str:
    who = f"pid {holder[0]}" if holder else "another process"
    if holder and holder[1] == "resident":
        return (
            f"the data dir {config.data_dir} is served by a resident kernel ({who});"
            " stop it with `imperal-shell kernel stop` to run a kernel in this process"
            " (IMPERAL_SHELL_SERVER=0)"
        )
    return (
        f"the data dir {config.data_dir} is in use by another imperal-shell kernel ({who});"
        " one kernel per data dir"
    )


def server_enabled() -> bool:
    return os.environ.get("IMPERAL_SHELL_SERVER", "1").lower() not in ("0", "false", "no", "off")


def idle_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("IMPERAL_SHELL_SERVER_IDLE", "600")))
    except ValueError:
        return 600.0
