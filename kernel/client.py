"""How a client reaches the kernel of its data dir.

`open_client` (blocking, for one-shot commands) and `open_async_client` (for the TUI) talk to
the resident kernel; when none answers they start it and wait for it (bounded, with a clear
error). They never run a kernel of their own while a resident one lives. With
IMPERAL_SHELL_SERVER=0 the kernel runs in this process instead, behind the same client API,
holding the data dir's lock like the resident one would.

The thin path (`connect`, `open_client` to a running kernel) imports no asyncio, pydantic or
extension code.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from kernel.endpoint import (
    DataDirBusy,
    UnsafeSocketDir,
    lock_holder,
    log_path,
    private_socket_path,
    server_enabled,
)
from kernel.fingerprint import fingerprint
from kernel.rpc.messages import RpcError
from kernel.rpc.sync_client import ConnectionLost, KernelUnavailable, SyncClient

START_TIMEOUT = 60.0  # seconds to wait for a resident kernel we started
STALE_EXIT_WAIT = 15.0

__all__ = [
    "ConnectionLost",
    "DataDirBusy",
    "EmbeddedKernel",
    "KernelStartFailed",
    "KernelUnavailable",
    "RemoteKernel",
    "RpcError",
    "UnsafeSocketDir",
    "connect",
    "open_async_client",
    "open_client",
    "spawn_server",
]


class KernelStartFailed(Exception):
    """A resident kernel was started for this data dir and did not come up."""


RemoteKernel = SyncClient  # the resident kernel's client (the name older code uses)


class EmbeddedKernel(SyncClient):
    """A kernel in this process (IMPERAL_SHELL_SERVER=0) behind the same blocking client."""

    def __init__(self, config, **kwargs: Any):
        from kernel.rpc.embedded import EmbeddedHost

        self.host = EmbeddedHost(config)
        try:
            super().__init__(self.host.connect_socket(), **kwargs)
        except BaseException:
            self.host.close()
            raise

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.host.close()


def connect(config, *, probe: bool = False, timeout: float = 1.0) -> SyncClient:
    """The resident kernel of this data dir, if one answers (KernelUnavailable otherwise).

    `probe`: ask without making a stale kernel exit (for `kernel status` / `kernel stop`).
    """
    path = private_socket_path(config, create=False)
    return SyncClient.connect(path, timeout=timeout, fingerprint=fingerprint(config), probe=probe)


def spawn_server(config):
    """Start a resident kernel for this data dir, detached from this process and terminal."""
    import subprocess  # only when starting one: the warm path does not pay for it

    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = dict(os.environ)
    if config.home is not None:
        env["IMPERAL_SHELL_HOME"] = str(config.home)  # absolute: the kernel runs elsewhere
    env["IMPERAL_SHELL_CONFIRM"] = config.confirm
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    log_file = log_path(config)
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "kernel.server"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=fd,
            env=env,
            cwd=str(config.data_dir),
            start_new_session=True,
            close_fds=True,
        )
    finally:
        os.close(fd)


def _wait_lock_free(config, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while lock_holder(config) is not None and time.monotonic() < deadline:
        time.sleep(0.05)


def release_resident(config, wait: float = 5.0) -> bool:
    """Ask this data dir's resident kernel to stop if no other client is attached and nothing
    runs, and wait until it has let go of the dir (`dev` runs the kernel in its own process).
    True when no resident kernel holds the dir any more."""
    try:
        client = connect(config)
    except (KernelUnavailable, OSError, ValueError):
        return lock_holder(config) is None
    try:
        stopping = client.shutdown(if_unused=True)
    except Exception:  # noqa: BLE001 - an old or dying kernel: the lock check below decides
        stopping = False
    finally:
        client.close()
    if stopping:
        _wait_lock_free(config, wait)
    return lock_holder(config) is None


def _check_not_embedded(config) -> None:
    holder = lock_holder(config)
    if holder and holder[1] == "embedded":
        raise DataDirBusy(
            f"the data dir {config.data_dir} is in use by a kernel running inside another"
            f" imperal-shell process (pid {holder[0]}, IMPERAL_SHELL_SERVER=0); wait for it to"
            " finish",
            holder[0],
        )


def _last_log_line(config) -> str:
    try:
        lines = log_path(config).read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1][-300:] if lines else ""


def connect_or_start(config, timeout: float = START_TIMEOUT) -> SyncClient:
    """The resident kernel; started (and waited for) when none answers."""
    try:
        return connect(config)
    except KernelUnavailable as exc:
        if "stale" in str(exc):
            _wait_lock_free(config, STALE_EXIT_WAIT)
    private_socket_path(config, create=True)  # refuse an unsafe socket dir before starting
    deadline = time.monotonic() + timeout
    proc = None
    spawns = 0
    while True:
        _check_not_embedded(config)
        if proc is None or (proc.poll() == 0 and spawns < 5 and lock_holder(config) is None):
            proc = spawn_server(config)
            spawns += 1
        try:
            return connect(config)
        except KernelUnavailable:
            pass
        code = proc.poll()
        if code not in (None, 0):
            _check_not_embedded(config)
            raise KernelStartFailed(
                f"the resident kernel exited with status {code} while starting;"
                f" see {log_path(config)}: {_last_log_line(config)}"
            )
        if time.monotonic() > deadline:
            raise KernelStartFailed(
                f"no resident kernel answered within {timeout:g} s; see {log_path(config)}"
            )
        time.sleep(0.05)


def open_client(config, *, resident: bool | None = None) -> SyncClient:
    """A blocking client: the resident kernel (started if need be), or an embedded kernel
    when IMPERAL_SHELL_SERVER=0 (or `resident=False`)."""
    use_server = server_enabled() if resident is None else resident
    if use_server:
        return connect_or_start(config)
    return EmbeddedKernel(config)


async def open_async_client(config, *, resident: bool | None = None, **kwargs: Any):
    """The TUI's client: `kernel.rpc.async_client.AsyncClient` to the resident kernel (started
    if need be), or to a kernel on a thread of this process when IMPERAL_SHELL_SERVER=0."""
    from kernel.rpc.async_client import open_async

    use_server = server_enabled() if resident is None else resident
    return await open_async(config, resident=use_server, **kwargs)
