"""The resident kernel: the one process that owns a data dir and serves every client (the TUI,
`run`, `call`, ...) over a private Unix socket with the protocol in `kernel.rpc`.

It holds the data dir's lock for its whole life; it exits after a spell with no connected
client (IMPERAL_SHELL_SERVER_IDLE seconds), on `shutdown`, or when a client's fingerprint shows
it runs stale code or policy (that client then starts a fresh one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import socket
import sys
import time

from kernel import loop
from kernel.config import KernelConfig
from kernel.endpoint import (
    DataDirBusy,
    DataDirLock,
    UnsafeSocketDir,
    idle_timeout,
    lock_holder,
    log_path,
    private_socket_path,
    socket_path,
)
from kernel.fingerprint import fingerprint
from kernel.redact import install_log_filter

log = logging.getLogger("kernel.server")
LOCK_WAIT = 15.0  # a kernel on its way out may still hold the lock this long
STOP_GRACE = 5.0  # running turns get this long to finish when the kernel stops
EXIT_BUSY = 3  # the data dir is held by an embedded kernel


def _answers(path) -> bool:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(0.5)
        sock.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        sock.close()


def take_lock(config) -> DataDirLock | int:
    """The data dir's lock, or the exit code when another kernel has it for good."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            return DataDirLock(config, "resident")
        except DataDirBusy as exc:
            holder = lock_holder(config)
            if holder and holder[1] == "embedded":
                log.error("%s", exc)
                return EXIT_BUSY
            if _answers(socket_path(config)):
                return 0  # another resident kernel serves this data dir
            if time.monotonic() > deadline:
                log.error("%s (waited %g s)", exc, LOCK_WAIT)
                return 1
        time.sleep(0.05)


async def serve(config: KernelConfig, *, ready=None) -> int:
    from kernel.kernel import Kernel
    from kernel.rpc.dispatch import KernelService

    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = take_lock(config)
    if isinstance(lock, int):
        return lock
    try:
        try:
            path = private_socket_path(config, create=True)
        except UnsafeSocketDir as exc:
            log.error("%s", exc)
            return 1
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        kernel = await Kernel.open(config)
        service = KernelService(kernel, fingerprint(config))
        old_umask = os.umask(0o077)
        try:
            listener = await asyncio.start_unix_server(service.handle, path=str(path))
        finally:
            os.umask(old_umask)
        log.info("resident kernel %s listening on %s", os.getpid(), path)
        if ready is not None:
            ready(path)
        watcher = asyncio.ensure_future(_watch_idle(service, idle_timeout()))
        try:
            await service.stopping.wait()
        finally:
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            watcher.cancel()
            await service.close_connections(grace=STOP_GRACE)
            await kernel.close()
            log.info("resident kernel %s stopped", os.getpid())
    finally:
        lock.release()
    return 0


async def _watch_idle(service, idle: float) -> None:
    while not service.stopping.is_set():
        await asyncio.sleep(min(1.0, idle / 4))
        if not service.busy and time.monotonic() - service.last_activity > idle:
            log.info("idle for %g s; exiting", idle)
            service.request_stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kernel.server", description=__doc__, allow_abbrev=False
    )
    parser.add_argument(
        "--home", help="data and config dir (else IMPERAL_SHELL_HOME / platform dirs)"
    )
    args = parser.parse_args(argv)
    config = KernelConfig.load(home=args.home)
    os.umask(0o077)  # its log, lock and socket are this user's alone
    logging.basicConfig(
        filename=str(log_path(config)) if config.data_dir.exists() else None,
        level=logging.INFO,
        format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s",
    )
    for handler in logging.getLogger().handlers:
        install_log_filter(handler)
    return loop.run(serve(config))


if __name__ == "__main__":
    sys.exit(main())
