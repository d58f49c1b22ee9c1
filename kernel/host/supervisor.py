"""The kernel's side of the extension host: start, feed, cap, kill and restart workers.

Design: each worker process serves one extension and runs one call at a time, so a handler
that blocks, loops, exits or crashes costs only its own call; the kernel kills the process
(the only way to preempt code that never yields) and the next call gets a fresh worker. Each
extension has a small pool, started lazily from a fork server that has sdk and pydantic
imported already (`kernel.host.zygote`: a worker is ready in milliseconds and shares those pages), and idle
workers are reaped after a while, so fifty installed extensions cost nothing until used.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernel.host import frames
from kernel.host.scope import RemoteError

log = logging.getLogger("kernel.host")

_call_ids = itertools.count(1)

RpcHandler = Callable[[str, str, dict[str, Any]], Awaitable[Any]]


class HostError(Exception):
    """A call could not complete because of its worker (crash, exit, cap); nothing committed."""


class WorkerDied(HostError):
    pass


class CallTimedOut(HostError):
    pass


class LoadFailed(HostError):
    pass


class Zygote:
    """The kernel's handle on `kernel.host.zygote`: spawn workers, learn how they exited."""

    def __init__(self, log_file: Path):
        self.log_file = Path(log_file)
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.alive = False
        self._ready: asyncio.Future | None = None
        self._spawns: collections.deque[asyncio.Future] = collections.deque()
        self._exits: dict[int, int] = {}
        self._exit_waiters: dict[int, list[asyncio.Future]] = {}
        self.watchers: dict[int, Callable[[], None]] = {}  # pid -> called when it exits
        self._lock = asyncio.Lock()
        self._reader: asyncio.Task | None = None
        self._starting: asyncio.Task | None = None

    async def ensure(self) -> None:
        if self.alive:
            return
        if self._starting is None or self._starting.done():
            self._starting = asyncio.ensure_future(self._start())
        await asyncio.shield(self._starting)

    async def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # private
        with open(fd, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kernel.host.zygote", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                env=env, close_fds=True,
            )  # fmt: skip
        theirs.close()
        ours.setblocking(False)
        self.sock = ours
        loop = asyncio.get_running_loop()
        self._ready = loop.create_future()
        self._reader = asyncio.ensure_future(self._read())
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), 60.0)
        except TimeoutError:
            self.close()
            raise HostError("the worker zygote did not start within 60 s; see logs/") from None
        self.alive = True

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        assert self.sock is not None
        while True:
            try:
                data = await loop.sock_recv(self.sock, 65536)
            except OSError:
                data = b""
            if not data:
                break
            try:
                msg = json.loads(data)
            except ValueError:
                continue
            op = msg.get("op")
            if op == "ready" and self._ready is not None and not self._ready.done():
                self._ready.set_result(msg)
            elif op == "spawned" and self._spawns:
                future = self._spawns.popleft()
                if not future.done():
                    future.set_result(msg)
            elif op == "exit":
                pid, code = int(msg["pid"]), int(msg["code"])
                self._exits[pid] = code
                if len(self._exits) > 1024:  # exits nobody asked about (reaped idle workers)
                    del self._exits[next(iter(self._exits))]
                for future in self._exit_waiters.pop(pid, []):
                    if not future.done():
                        future.set_result(code)
                watcher = self.watchers.pop(pid, None)
                if watcher is not None:  # e.g. a child it forked still holds its socket
                    watcher()
        self.alive = False
        error = HostError("the worker zygote exited")
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(error)
        while self._spawns:
            future = self._spawns.popleft()
            if not future.done():
                future.set_exception(error)
        for waiters in self._exit_waiters.values():
            for future in waiters:
                if not future.done():
                    future.set_result(None)
        self._exit_waiters.clear()

    async def spawn(self, theirs: socket.socket, request: dict[str, Any]) -> int:
        await self.ensure()
        async with self._lock:
            future = asyncio.get_running_loop().create_future()
            self._spawns.append(future)
            payload = json.dumps({"op": "spawn", **request}).encode()
            try:
                socket.send_fds(self.sock, [payload], [theirs.fileno()])
            except OSError as exc:
                self._spawns.remove(future)
                raise HostError(f"cannot reach the worker zygote: {exc}") from None
            msg = await future
        if not msg.get("pid"):
            raise HostError(msg.get("error") or "the zygote could not fork a worker")
        return int(msg["pid"])

    async def exit_code(self, pid: int, timeout: float = 2.0) -> int | None:
        if pid in self._exits:
            return self._exits.pop(pid)
        if not self.alive:
            return None
        future = asyncio.get_running_loop().create_future()
        self._exit_waiters.setdefault(pid, []).append(future)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._exits.pop(pid, None)

    def close(self) -> None:
        self.alive = False
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.close()
        if self._reader is not None:
            self._reader.cancel()
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.kill()
            with contextlib.suppress(Exception):
                self.proc.wait(timeout=2)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        what = {
            "SIGSEGV": "crashed (segmentation fault)",
            "SIGKILL": "was killed",
            "SIGABRT": "aborted",
            "SIGBUS": "crashed (bus error)",
        }.get(name, "was stopped by a signal")
        return f"{what}, {name}"
    return f"exited with code {code}"


@dataclass
class HostLimits:
    memory_mb: int = 1024
    pool_size: int = 4
    idle_s: float = 300.0
    start_timeout_s: float = 60.0


class Worker:
    """One worker process and the kernel's end of its socket."""

    def __init__(self, app_id: str, path: Path, log_file: Path, limits: HostLimits,
                 zygote: Zygote):  # fmt: skip
        self.zygote = zygote
        self.app_id = app_id
        self.path = path
        self.log_file = log_file
        self.limits = limits
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.pid = 0
        self.alive = False
        self.last_used = time.monotonic()
        self._call: dict[str, Any] | None = None  # {"id", "future", "on_rpc", "on_validated"}
        # ctx.background_task coroutines still running in this worker, by task id
        self._background: dict[str, dict[str, Any]] = {}
        self.on_quiet: Callable[[], None] | None = None  # when the last background task ends
        self.generation = 0  # the extension's code version it imported (dev reloads bump it)
        self._pump: asyncio.Task | None = None
        self._rpcs: set[asyncio.Task] = set()

    async def start(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.pid = await self.zygote.spawn(theirs, {
                "path": str(self.path), "log_file": str(self.log_file),
                "memory_mb": self.limits.memory_mb,
            })  # fmt: skip
        finally:
            theirs.close()
        self.zygote.watchers[self.pid] = self.kill
        self.reader, self.writer = await asyncio.open_connection(sock=ours)
        try:
            first = await asyncio.wait_for(frames.read(self.reader), self.limits.start_timeout_s)
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
            self.kill()
            code = await self.exit_code()
            raise LoadFailed(
                f"the extension's worker {describe_exit(code)} while importing it"
            ) from None
        if first.get("op") == "load_error":
            self.kill()
            raise LoadFailed(first.get("message", "the extension did not load"))
        self.alive = True
        self._pump = asyncio.ensure_future(self._read_loop())

    async def exit_code(self) -> int | None:
        return await self.zygote.exit_code(self.pid) if self.pid else None

    def kill(self) -> None:
        """Stop the worker and anything it forked (its process group), and hang up."""
        self.alive = False
        if self.pid:
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signal.SIGKILL)
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()

    async def _read_loop(self) -> None:
        assert self.reader is not None
        try:
            while True:
                msg = await frames.read(self.reader)
                try:
                    self._handle(msg)
                except Exception:  # a malformed message: this worker cannot be trusted now
                    log.exception("malformed message from the %s worker", self.app_id)
                    self.kill()
                    break
        except (asyncio.IncompleteReadError, ConnectionError, frames.FrameTooLarge, ValueError):
            pass
        self.alive = False
        call = self._call
        code = None
        if (call is not None and not call["future"].done()) or self._background:
            code = await self.exit_code()
        if call is not None and not call["future"].done():
            call["future"].set_exception(
                WorkerDied(f"the {self.app_id} worker {describe_exit(code)} during the call")
            )
        for task in list(self._rpcs):
            task.cancel()
        for bg_id, bg in list(self._background.items()):
            status = bg.get("stopped") or ("timeout" if bg.get("timed_out") else "error")
            error = {
                "timeout": f"did not finish within {bg.get('cap', 0):g} s; its worker was stopped",
                "cancelled": "was cancelled",
            }.get(status, f"its worker {describe_exit(code)}")
            await self._end_background(bg_id, {"status": status, "error": error})

    def _handle(self, msg: dict[str, Any]) -> None:
        call = self._call
        op = msg.get("op")
        if op == "rpc" and msg.get("call") in self._background:
            task = asyncio.ensure_future(self._serve_background_rpc(msg))
            self._rpcs.add(task)
            task.add_done_callback(self._rpcs.discard)
            return
        if call is None or msg.get("id" if op != "rpc" else "call") != call["id"]:
            if op == "rpc":
                self._reply(msg["id"], error=RemoteError("NoCall", "no call is running"))
            return
        if op == "rpc" and (msg.get("service"), msg.get("method")) == (
            "lifecycle",
            "background_started",
        ):
            task = asyncio.ensure_future(self._start_background(call, msg))
            self._rpcs.add(task)
            task.add_done_callback(self._rpcs.discard)
            return
        if op == "done":
            ran = msg.get("status") in ("returned", "raised") and msg.get("args_json")
            if ran and not call.get("started") and call["on_validated"] is not None:
                call["started"] = True  # it finished before it said it started
                call["on_validated"](msg["args_json"])
            if not call["future"].done():
                call["future"].set_result(msg)
        elif op == "validated":
            call["started"] = True
            if call["on_validated"] is not None:
                call["on_validated"](msg.get("args_json", ""))
        elif op == "rpc":
            task = asyncio.ensure_future(self._serve_rpc(call, msg))
            self._rpcs.add(task)
            task.add_done_callback(self._rpcs.discard)

    async def _start_background(self, call: dict[str, Any], msg: dict[str, Any]) -> None:
        """`ctx.background_task`: the kernel gives it a task id, a scope and a cap."""
        starter = call.get("on_background")
        if starter is None:
            self._reply(msg["id"], error=RemoteError(
                "RuntimeError", "background tasks are not available in this context"))  # fmt: skip
            return
        try:
            bg_id, on_rpc, on_done, cap = await starter(msg.get("params") or {})
        except RemoteError as exc:
            self._reply(msg["id"], error=exc)
            return
        except Exception as exc:  # the kernel could not record it: the handler hears why
            log.exception("starting a background task for %s", self.app_id)
            self._reply(msg["id"], error=RemoteError("KernelError", type(exc).__name__))
            return
        bg: dict[str, Any] = {"on_rpc": on_rpc, "on_done": on_done, "cap": cap}
        bg["timer"] = asyncio.get_running_loop().call_later(cap, self._background_cap, bg_id)
        self._background[bg_id] = bg
        self._reply(msg["id"], value={"task_id": bg_id})

    def _background_cap(self, bg_id: str) -> None:
        bg = self._background.get(bg_id)
        if bg is not None:
            bg["timed_out"] = True
            self.kill()  # the only way to stop code that may never yield

    def stop_background(self, bg_id: str) -> bool:
        """Cancel a background task: its worker is stopped (with anything else it ran)."""
        bg = self._background.get(bg_id)
        if bg is None:
            return False
        bg["stopped"] = "cancelled"
        self.kill()
        return True

    async def _serve_background_rpc(self, msg: dict[str, Any]) -> None:
        bg_id = msg["call"]
        if (msg.get("service"), msg.get("method")) == ("lifecycle", "background_done"):
            self._reply(msg["id"], value=None)
            await self._end_background(bg_id, msg.get("params") or {})
            return
        bg = self._background.get(bg_id)
        if bg is None:  # it ended while this request was on its way
            self._reply(msg["id"], error=RemoteError("NoCall", "the background task has ended"))
            return
        await self._serve_rpc(bg, msg)

    async def _end_background(self, bg_id: str, outcome: dict[str, Any]) -> None:
        bg = self._background.pop(bg_id, None)
        if bg is None:
            return
        bg["timer"].cancel()
        try:
            await bg["on_done"](outcome)
        except Exception:  # the kernel's own bookkeeping failed: log, keep the worker going
            log.exception("finishing background task %s", bg_id)
        if not self._background and self._call is None and self.on_quiet is not None:
            quiet, self.on_quiet = self.on_quiet, None
            quiet()

    @property
    def busy_with_background(self) -> bool:
        return bool(self._background)

    async def _serve_rpc(self, call: dict[str, Any], msg: dict[str, Any]) -> None:
        try:
            value = await call["on_rpc"](msg["service"], msg["method"], msg.get("params") or {})
        except RemoteError as exc:
            self._reply(msg["id"], error=exc)
        except Exception as exc:  # a kernel-side bug: the handler sees an error, not a hang
            log.exception("rpc %s.%s failed", msg.get("service"), msg.get("method"))
            self._reply(msg["id"], error=RemoteError("KernelError", f"{type(exc).__name__}"))
        else:
            self._reply(msg["id"], value=value)

    def _reply(self, rid: int, *, value: Any = None, error: RemoteError | None = None) -> None:
        if self.writer is None or not self.alive:
            return
        if error is None:
            msg = {"op": "rpc_result", "id": rid, "ok": True, "value": value}
        else:
            msg = {"op": "rpc_result", "id": rid, "ok": False,
                   "error": {"kind": error.kind, "message": error.message, "data": error.data}}  # fmt: skip
        try:
            self.writer.write(frames.encode(msg))
        except (ValueError, TypeError) as exc:
            self.writer.write(frames.encode({"op": "rpc_result", "id": rid, "ok": False,
                "error": {"kind": "KernelError", "message": str(exc)[:200]}}))  # fmt: skip

    async def run(
        self,
        msg: dict[str, Any],
        on_rpc: RpcHandler,
        on_validated: Callable[[str], None] | None = None,
        on_background: Callable[[dict[str, Any]], Awaitable[Any]] | None = None,
    ) -> dict[str, Any]:
        assert self.writer is not None
        future = asyncio.get_running_loop().create_future()
        self._call = {"id": msg["id"], "future": future, "on_rpc": on_rpc,
                      "on_validated": on_validated, "on_background": on_background}  # fmt: skip
        try:
            self.writer.write(frames.encode(msg))
            await self.writer.drain()
            return await future
        finally:
            self._call = None
            self.last_used = time.monotonic()


class Host:
    """Pools of workers by extension; `run` is the only way extension code is executed."""

    def __init__(self, log_dir: Path, limits: HostLimits | None = None):
        self.log_dir = Path(log_dir)
        self.limits = limits or HostLimits()
        self._idle: dict[str, list[Worker]] = {}
        self._busy: dict[str, set[Worker]] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._generation: dict[str, int] = {}
        self._reaper: asyncio.Task | None = None
        self._closed = False
        self.zygote = Zygote(self.log_dir / "zygote.log")

    def prestart(self) -> None:
        """Start the zygote now, in the background, so the first call does not wait for it."""
        task = asyncio.ensure_future(self.zygote.ensure())
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    def log_file(self, app_id: str) -> Path:
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in app_id)
        return self.log_dir / f"ext-{safe}.log"

    def _slot(self, app_id: str) -> asyncio.Semaphore:
        if app_id not in self._slots:
            self._slots[app_id] = asyncio.Semaphore(self.limits.pool_size)
        return self._slots[app_id]

    async def _acquire(self, app_id: str, path: Path, generation: int) -> Worker:
        idle = self._idle.setdefault(app_id, [])
        while idle:
            worker = idle.pop()
            if worker.alive and worker.generation == generation:
                return worker
            worker.kill()
        worker = Worker(app_id, path, self.log_file(app_id), self.limits, self.zygote)
        worker.generation = generation  # the code `path` holds, as of when the call came in
        try:
            await worker.start()
        except BaseException:  # cancelled or failed while starting: it must not linger
            worker.kill()
            raise
        if self._reaper is None:
            self._reaper = asyncio.ensure_future(self._reap())
        return worker

    def _release(self, worker: Worker) -> None:
        current = self._generation.get(worker.app_id, 0)
        if self._closed or not worker.alive or worker.generation != current:
            worker.kill()
            return
        self._idle.setdefault(worker.app_id, []).append(worker)

    async def run(
        self,
        app_id: str,
        path: Path,
        request: dict[str, Any],
        on_rpc: RpcHandler,
        *,
        timeout: float,
        on_validated: Callable[[str], None] | None = None,
        on_background: Callable[[dict[str, Any]], Awaitable[Any]] | None = None,
    ) -> dict[str, Any]:
        """Run one request (`kind`, `name`, `args`, `ctx`, ...) in a worker of `app_id`.

        Raises CallTimedOut past `timeout` (the worker is killed), WorkerDied when it exits
        or crashes, LoadFailed when the extension cannot be imported; cancelling the caller
        kills the worker, so nothing the handler was doing goes on.
        """
        if self._closed:
            raise HostError("the kernel is shutting down")
        msg = {"op": "run", "id": f"c{next(_call_ids)}", **request}
        generation = self._generation.get(app_id, 0)
        async with self._slot(app_id):
            worker = await self._acquire(app_id, path, generation)
            self._busy.setdefault(app_id, set()).add(worker)
            try:
                reply = await asyncio.wait_for(
                    worker.run(msg, on_rpc, on_validated, on_background), timeout
                )
            except TimeoutError:
                worker.kill()
                raise CallTimedOut(
                    f"did not finish within {timeout:g} s; its worker was stopped"
                ) from None
            except BaseException:
                worker.kill()
                raise
            finally:
                self._busy.get(app_id, set()).discard(worker)
            if reply.get("restart"):
                worker.kill()
            if worker.busy_with_background and worker.alive:
                # its background tasks run on: it serves no one else until they end
                self._busy.setdefault(app_id, set()).add(worker)

                def quiet(w: Worker = worker) -> None:
                    self._busy.get(w.app_id, set()).discard(w)
                    self._release(w)

                worker.on_quiet = quiet
            else:
                self._release(worker)
            return reply

    def stop_background(self, bg_id: str) -> bool:
        for workers in self._busy.values():
            for worker in workers:
                if worker.stop_background(bg_id):
                    return True
        return False

    def restart(self, app_id: str) -> None:
        """New calls of `app_id` get fresh workers (its code changed); busy ones finish first."""
        self._generation[app_id] = self._generation.get(app_id, 0) + 1
        for worker in self._idle.pop(app_id, []):
            worker.kill()

    @property
    def busy(self) -> bool:
        return any(self._busy.values())

    def stats(self) -> dict[str, Any]:
        return {
            app: {"idle": len(self._idle.get(app, [])), "busy": len(self._busy.get(app, ()))}
            for app in sorted(set(self._idle) | set(self._busy))
        }

    def pids(self) -> list[int]:
        workers = [w for ws in self._idle.values() for w in ws]
        workers += [w for ws in self._busy.values() for w in ws]
        return [w.pid for w in workers if w.alive]

    async def _reap(self) -> None:
        while not self._closed:
            await asyncio.sleep(min(30.0, max(0.5, self.limits.idle_s / 2)))
            cutoff = time.monotonic() - self.limits.idle_s
            for app_id, workers in list(self._idle.items()):
                keep = []
                for worker in workers:
                    if worker.last_used < cutoff or not worker.alive:
                        worker.kill()
                    else:
                        keep.append(worker)
                self._idle[app_id] = keep

    async def close(self) -> None:
        self._closed = True
        if self._reaper is not None:
            self._reaper.cancel()
        for workers in [*self._idle.values(), *self._busy.values()]:
            for worker in list(workers):
                worker.kill()
        self._idle.clear()
        self.zygote.close()
