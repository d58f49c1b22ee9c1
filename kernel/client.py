"""A synchronous handle on a kernel for one-shot commands (`run`, `call`, `audit`, ...).

`open_client` talks to the resident kernel of the data dir when one is up (cheap: no asyncio,
no pydantic, no extension loading in this process); otherwise it runs an embedded kernel on a
background thread and starts a resident one for the next command.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kernel import events as ev
from kernel import wire
from kernel.catalog import ExtensionInfo, LoadError
from kernel.endpoint import log_path, server_enabled, socket_path
from kernel.fingerprint import fingerprint


class KernelUnavailable(Exception):
    """No resident kernel answered (or it was stale)."""


class RemoteKernel:
    """Speaks the line protocol of `kernel.server` over its Unix socket."""

    def __init__(self, path: Path, fp: str, timeout: float = 1.0):
        self.path = path
        self.fp = fp
        self.timeout = timeout
        hello = self._request({"op": "hello"}, connect_only=True)
        self.pid = hello["pid"]
        self.llm_mode = hello.get("llm_mode", "offline")
        self._extensions: dict[str, Any] | None = None

    def _lines(
        self, request: dict[str, Any], connect_only: bool = False
    ) -> Iterator[dict[str, Any]]:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            try:
                sock.connect(str(self.path))
            except OSError as exc:
                raise KernelUnavailable(str(exc)) from None
            sock.settimeout(None if not connect_only else 5.0)
            sock.sendall((wire.dumps({**request, "fp": self.fp}) + "\n").encode("utf-8"))
            with sock.makefile("rb") as stream:
                for raw in stream:
                    msg = json.loads(raw)
                    if msg.get("stale"):
                        raise KernelUnavailable("the resident kernel is stale")
                    yield msg
                    if "end" in msg:
                        return
            raise KernelUnavailable("the resident kernel closed the connection")
        finally:
            sock.close()

    def _request(self, request: dict[str, Any], connect_only: bool = False) -> Any:
        for msg in self._lines(request, connect_only):
            if "end" in msg:
                if msg.get("error"):
                    raise RuntimeError(msg["error"])
                return msg["end"]
        return None

    def _events(self, request: dict[str, Any]) -> Iterator[ev.Event]:
        for msg in self._lines(request):
            if "event" in msg:
                yield wire.event_from_dict(msg["event"])
            elif msg.get("error"):
                yield ev.Error(ev.INTERNAL, msg["error"])

    def _catalog(self) -> dict[str, Any]:
        if self._extensions is None:
            self._extensions = self._request({"op": "extensions"})
        return self._extensions

    def extensions(self) -> list[ExtensionInfo]:
        return [wire.extension_from_dict(e) for e in self._catalog()["extensions"]]

    @property
    def load_errors(self) -> list[LoadError]:
        return [wire.load_error_from_dict(e) for e in self._catalog()["load_errors"]]

    def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        return self._request({"op": "audit", "limit": limit, "user": user_id})

    def send(self, user: str, message: str) -> Iterator[ev.Event]:
        return self._events({"op": "send", "user": user, "message": message})

    def call(
        self, user: str, app_id: str, function: str, args: dict, source: str = "cli"
    ) -> list[ev.Event]:
        req = {
            "op": "call",
            "user": user,
            "app_id": app_id,
            "function": function,
            "args": args,
            "source": source,
        }
        return list(self._events(req))

    def confirm(self, user: str, card_id: str, digest: str | None = None) -> list[ev.Event]:
        req = {"op": "confirm", "user": user, "card_id": card_id, "digest": digest}
        return list(self._events(req))

    def deny(self, user: str, card_id: str, reason: str = "") -> list[ev.Event]:
        return list(
            self._events({"op": "deny", "user": user, "card_id": card_id, "reason": reason})
        )

    def shutdown(self) -> None:
        self._request({"op": "shutdown"})

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""


_DONE = object()


class EmbeddedKernel:
    """A kernel in this process, on its own event-loop thread, behind the same sync API."""

    def __init__(self, config):
        import asyncio

        from kernel.kernel import Kernel

        self._asyncio = asyncio
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kernel", daemon=True)
        self._thread.start()
        self.kernel = self._run(Kernel.open(config))
        self.llm_mode = self.kernel.llm_mode
        self.pid = os.getpid()

    def _run(self, coro):
        return self._asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def extensions(self) -> list[ExtensionInfo]:
        return self.kernel.extensions()

    @property
    def load_errors(self) -> list[LoadError]:
        return self.kernel.load_errors

    def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        return self._run(self.kernel.audit(limit=limit, user_id=user_id))

    def send(self, user: str, message: str) -> Iterator[ev.Event]:
        out: queue.Queue = queue.Queue()

        async def pump():
            try:
                async for event in self.kernel.session(user).send(message):
                    out.put(event)
            finally:
                out.put(_DONE)

        future = self._asyncio.run_coroutine_threadsafe(pump(), self._loop)
        while (item := out.get()) is not _DONE:
            yield item
        future.result()

    def call(
        self, user: str, app_id: str, function: str, args: dict, source: str = "cli"
    ) -> list[ev.Event]:
        return self._run(self.kernel.session(user).call(app_id, function, args, source=source))

    def confirm(self, user: str, card_id: str, digest: str | None = None) -> list[ev.Event]:
        return self._run(self.kernel.session(user).confirm(card_id, digest))

    def deny(self, user: str, card_id: str, reason: str = "") -> list[ev.Event]:
        return self._run(self.kernel.session(user).deny(card_id, reason))

    def close(self) -> None:
        try:
            self._run(self.kernel.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()


def spawn_server(config) -> subprocess.Popen | None:
    """Start a resident kernel for this data dir, detached from this process and terminal."""
    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = dict(os.environ)
    if config.home is not None:
        env["IMPERAL_SHELL_HOME"] = str(config.home)
    env["IMPERAL_SHELL_CONFIRM"] = config.confirm
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        log_file = log_path(config)
        log_file.touch(mode=0o600, exist_ok=True)
        with open(log_file, "ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "kernel.server"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=env,
                cwd=str(config.data_dir),
                start_new_session=True,
                close_fds=True,
            )
    except OSError:
        return None


def connect(config) -> RemoteKernel:
    return RemoteKernel(socket_path(config), fingerprint(config))


def open_client(config, *, resident: bool | None = None):
    """The resident kernel if one answers, else an embedded one (starting a resident for next time)."""
    use_server = server_enabled() if resident is None else resident
    if use_server:
        try:
            return connect(config)
        except KernelUnavailable:
            spawn_server(config)
        except (OSError, ValueError, KeyError):
            pass
    return EmbeddedKernel(config)
