"""A kernel in this process (IMPERAL_SHELL_SERVER=0), on its own event-loop thread, reached
over socketpairs with the very protocol the resident kernel speaks.

It takes the data dir's lock like the resident kernel: a second kernel never opens the dir.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kernel.endpoint import DataDirLock, log_path
from kernel.redact import install_log_filter
from kernel.rpc.dispatch import KernelService

log = logging.getLogger("kernel.embedded")
CLOSE_TIMEOUT = 15.0


class EmbeddedHost:
    def __init__(self, config, *, extra_extensions: Iterable[Path] = ()):
        self.lock = DataDirLock.acquire(config, "embedded")  # DataDirBusy: say who holds it
        _log_to_file(config)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="kernel", daemon=True)
        self._thread.start()
        self._closed = False
        try:
            self.kernel = self.run(_open_kernel(config, tuple(extra_extensions)))
            self.service = self.run(_service(self.kernel))
        except BaseException:
            self._stop_loop()
            self.lock.release()
            raise

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coro, timeout: float | None = None) -> Any:
        """Run `coro` on the kernel's loop and wait for its result (cancelled if we stop
        waiting: Ctrl+C, a timeout)."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()
            raise

    def connect_socket(self) -> socket.socket:
        """A fresh connection to this kernel: our end of a socketpair it serves."""
        ours, theirs = socket.socketpair()

        async def attach() -> None:
            reader, writer = await asyncio.open_connection(sock=theirs)
            asyncio.ensure_future(self.service.handle(reader, writer))

        self.run(attach())
        return ours

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.run(self._shutdown(), timeout=CLOSE_TIMEOUT)
        except Exception:  # a kernel that cannot close cleanly must not hang the process
            log.exception("the embedded kernel did not close cleanly")
        finally:
            self._stop_loop()
            self.lock.release()

    async def _shutdown(self) -> None:
        await self.service.close_connections(grace=0.0)
        await self.kernel.close()

    def _stop_loop(self) -> None:
        try:  # let whatever still runs there (a kernel half open) clean up first
            asyncio.run_coroutine_threadsafe(_cancel_others(), self.loop).result(CLOSE_TIMEOUT)
        except Exception:
            log.warning("the embedded kernel's tasks did not wind down")
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            with contextlib.suppress(Exception):
                self.loop.close()


def _log_to_file(config) -> None:
    """The kernel's log goes to kernel.log as the resident kernel's does, never to the
    terminal of the command or TUI it runs inside (unless the program set up logging)."""
    root = logging.getLogger()
    if root.handlers:
        return
    path = log_path(config)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # private
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    )
    install_log_filter(handler)
    root.addHandler(handler)
    root.setLevel(logging.INFO)


async def _cancel_others() -> None:
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _open_kernel(config, extra: tuple[Path, ...]):
    from kernel.kernel import Kernel

    if extra:
        return await Kernel.open(config, extra_extensions=extra)
    return await Kernel.open(config)


async def _service(kernel) -> KernelService:
    return KernelService(kernel, fingerprint=None)
