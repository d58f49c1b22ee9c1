"""The resident kernel: one long-lived process per data dir that serves thin clients over a
Unix socket, so a script's `imperal-shell call` does not pay for starting a kernel each time.

Protocol: one request per connection, a JSON line in; JSON lines out, the last one `{"end": …}`.
It exits after a spell with no requests, or when a client's fingerprint shows it is stale.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import logging
import os
import socket
import struct
import sys
import time
from typing import Any

from kernel import wire
from kernel.config import KernelConfig
from kernel.endpoint import idle_timeout, lock_path, log_path, socket_path
from kernel.fingerprint import fingerprint
from kernel.kernel import Kernel

log = logging.getLogger("kernel.server")
PROTOCOL = 1


class KernelServer:
    def __init__(self, kernel: Kernel, fp: str, idle: float):
        self.kernel = kernel
        self.fingerprint = fp
        self.idle = idle
        self.last_activity = time.monotonic()
        self.active = 0
        self.stopping = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.active += 1
        self.last_activity = time.monotonic()
        try:
            if not _same_user(writer):
                return
            line = await reader.readline()
            try:
                request = json.loads(line)
                if not isinstance(request, dict):
                    raise ValueError("a request is a JSON object")
            except ValueError as exc:
                await _write(writer, {"end": None, "error": f"bad request: {exc}"})
                return
            if request.get("fp") not in (None, self.fingerprint):
                await _write(writer, {"end": None, "stale": True})
                self.stopping.set()
                return
            await self.dispatch(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception:  # never let one request take the kernel down
            log.exception("request failed")
            with contextlib.suppress(Exception):
                await _write(
                    writer, {"end": None, "error": "the kernel failed to answer; see kernel.log"}
                )
        finally:
            self.active -= 1
            self.last_activity = time.monotonic()
            with contextlib.suppress(Exception):
                writer.close()
                await writer.wait_closed()

    async def dispatch(self, req: dict[str, Any], writer) -> None:
        op = req.get("op")
        k = self.kernel
        if op == "hello":
            await _write(
                writer, {"end": {"pid": os.getpid(), "protocol": PROTOCOL, "llm_mode": k.llm_mode}}
            )
            return
        if op == "shutdown":
            await _write(writer, {"end": True})
            self.stopping.set()
            return
        if op == "extensions":
            await _write(
                writer,
                {
                    "end": {
                        "llm_mode": k.llm_mode,
                        "extensions": [wire.extension_to_dict(e) for e in k.extensions()],
                        "load_errors": [wire.dataclasses.asdict(e) for e in k.load_errors],
                    }
                },
            )
            return
        if op == "audit":
            rows = await k.audit(limit=int(req.get("limit", 50)), user_id=req.get("user"))
            await _write(writer, {"end": rows})
            return
        user = req.get("user")
        if not isinstance(user, str) or not user:
            await _write(writer, {"end": None, "error": "a request needs a user"})
            return
        session = k.session(user)
        if op == "send":
            async for event in session.send(str(req.get("message", ""))):
                await _write(writer, {"event": wire.event_to_dict(event)})
            await _write(writer, {"end": None})
            return
        if op == "call":
            events = await session.call(
                req["app_id"],
                req["function"],
                req.get("args") or {},
                source=req.get("source", "cli"),
            )
        elif op == "confirm":
            events = await session.confirm(req["card_id"], req.get("digest"))
        elif op == "deny":
            events = await session.deny(req["card_id"], req.get("reason", ""))
        else:
            await _write(writer, {"end": None, "error": f"unknown op {op!r}"})
            return
        for event in events:
            await _write(writer, {"event": wire.event_to_dict(event)})
        await _write(writer, {"end": None})

    async def watch_idle(self) -> None:
        while not self.stopping.is_set():
            await asyncio.sleep(min(1.0, self.idle / 4))
            if self.active == 0 and time.monotonic() - self.last_activity > self.idle:
                self.stopping.set()


async def _write(writer, obj: dict[str, Any]) -> None:
    writer.write((wire.dumps(obj) + "\n").encode("utf-8"))
    await writer.drain()


def _same_user(writer) -> bool:
    sock = writer.get_extra_info("socket")
    if sock is None or not hasattr(socket, "SO_PEERCRED"):
        return True
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return uid == os.getuid()


async def serve(config: KernelConfig) -> int:
    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = open(lock_path(config), "a+")  # noqa: SIM115 - held for the life of the process
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another resident kernel serves this data dir
    path = socket_path(config)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    kernel = await Kernel.open(config)
    server = KernelServer(kernel, fingerprint(config), idle_timeout())
    old_umask = os.umask(0o077)
    try:
        listener = await asyncio.start_unix_server(server.handle, path=str(path))
    finally:
        os.umask(old_umask)
    log.info("resident kernel %s listening on %s", os.getpid(), path)
    watcher = asyncio.ensure_future(server.watch_idle())
    try:
        await server.stopping.wait()
    finally:
        listener.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        watcher.cancel()
        await kernel.close()
        lock.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kernel.server", description=__doc__)
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
    return asyncio.run(serve(config))


if __name__ == "__main__":
    sys.exit(main())
