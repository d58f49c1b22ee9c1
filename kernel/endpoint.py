"""Where the resident kernel listens: a Unix socket only this user can reach."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to about 108 bytes


def socket_path(config) -> Path:
    direct = Path(config.data_dir) / "kernel.sock"
    if len(str(direct)) <= MAX_SOCKET_PATH:
        return direct
    import tempfile

    digest = hashlib.sha256(str(config.data_dir).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"imperal-shell-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{digest}.sock"


def lock_path(config) -> Path:
    return Path(config.data_dir) / "kernel.lock"


def log_path(config) -> Path:
    return Path(config.data_dir) / "kernel.log"


def server_enabled() -> bool:
    return os.environ.get("IMPERAL_SHELL_SERVER", "1").lower() not in ("0", "false", "no", "off")


def idle_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("IMPERAL_SHELL_SERVER_IDLE", "600")))
    except ValueError:
        return 600.0
