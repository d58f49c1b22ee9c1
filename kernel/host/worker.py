"""The worker process: imports one extension and runs its handlers, one call at a time.

It is forked from the kernel's zygote (sdk and pydantic already imported), sends its
stdout and stderr to the extension's log file, caps its own address space, and talks to the
kernel over one socket in length-prefixed JSON frames (`frames`). Everything a handler's
`ctx` does that touches the kernel's state is an RPC back to the kernel.

Messages, kernel -> worker: run, rpc_result, exit.   worker -> kernel: ready | load_error,
validated, done, rpc. A scan (`scan_main`) sends scanning, scanned | scan_error per folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import logging
import os
import resource
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

from kernel import loop
from kernel.host import frames
from kernel.host.ctx_proxy import build_worker_context
from kernel.host.scope import RemoteError
from kernel.host.validation import validate_args
from kernel.redact import RedactingStream, install_log_filter
from kernel.results import exception_text, message_of, normalise, origin

log = logging.getLogger("kernel.worker")
# The call (or background task) whose ctx requests are being made, for background coroutines
# that share their parent call's ctx.
_current = contextvars.ContextVar("imperal_current_call", default="")


def _isolate(log_file: str, memory_mb: int) -> None:
    """Extension output goes to its log, never to a client; its memory is capped."""
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    # known secret values (those the worker was served) are masked in what it writes
    sys.stdout = RedactingStream(open(1, "w", buffering=1, closefd=False))  # noqa: SIM115
    sys.stderr = RedactingStream(open(2, "w", buffering=1, closefd=False))  # noqa: SIM115
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the kernel's to handle
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(asctime)s worker %(process)d %(name)s %(levelname)s %(message)s",
        force=True,
    )
    for handler in logging.getLogger().handlers:
        install_log_filter(handler)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _drain_output() -> None:
    """Write what the redacting streams still hold (a last line without a newline)."""
    for stream in (sys.stdout, sys.stderr):
        getattr(stream, "drain", stream.flush)()


def main(sock, path: str, log_file: str, memory_mb: int) -> None:
    """Entry point in the forked child: serve calls for the extension at `path`."""
    _isolate(log_file, memory_mb)
    try:
        loop.run(Worker(sock, Path(path), memory_mb).serve())
    finally:
        _drain_output()
        os._exit(0)  # no atexit handlers of the extension, no waiting on its threads


def scan_main(sock, paths: list[str], log_file: str, memory_mb: int) -> None:
    """Entry point of a scan: import each folder in turn and report what it declares. An
    import that kills the process leaves the kernel knowing which folder it was on."""
    _isolate(log_file, memory_mb)
    from kernel.host.manifest import describe
    from kernel.loader import describe_load_failure, load_one

    sock.setblocking(True)
    try:
        for raw in paths:
            path = Path(raw)
            sock.sendall(frames.encode({"op": "scanning", "path": raw}))
            try:
                manifest = describe(load_one(path)).to_json()
            except BaseException as exc:  # noqa: BLE001 - SystemExit at import included
                if isinstance(exc, KeyboardInterrupt):
                    raise
                msg = {"op": "scan_error", "path": raw,
                       "message": describe_load_failure(exc, path)}  # fmt: skip
            else:
                msg = {"op": "scanned", "path": raw, "manifest": manifest}
            sock.sendall(frames.encode(msg))
    finally:
        _drain_output()
        os._exit(0)


class Worker:
    def __init__(self, sock, path: Path, memory_mb: int):
        self.sock = sock
        self.path = path
        self.memory_mb = memory_mb
        self.writer: asyncio.StreamWriter | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.ids = itertools.count(1)
        self.le: Any = None
        self.tasks: set[asyncio.Task] = set()
        self.kernel_messages: dict[str, set[str]] = {}  # call id -> errors the kernel sent
        self.validated: dict[str, str] = {}  # call id -> canonical args, while it runs
        self.unsaid: dict[str, asyncio.Handle] = {}  # call id -> its "validated", not yet sent

    async def send(self, msg: dict[str, Any]) -> None:
        assert self.writer is not None
        self.writer.write(frames.encode(msg))
        await self.writer.drain()

    async def serve(self) -> None:
        reader, self.writer = await asyncio.open_connection(sock=self.sock)
        from kernel.loader import describe_load_failure, load_one

        try:  # the kernel knows the manifest already (the scan): only import
            self.le = load_one(self.path)
        except BaseException as exc:  # noqa: BLE001 - an import may raise SystemExit too
            if isinstance(exc, KeyboardInterrupt | asyncio.CancelledError):
                raise
            await self.send({"op": "load_error", "message": describe_load_failure(exc, self.path)})
            return
        await self.send({"op": "ready", "pid": os.getpid()})
        while True:
            try:
                msg = await frames.read(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # the kernel is gone: so are we
            op = msg.get("op")
            if op == "run":
                task = asyncio.ensure_future(self.run(msg))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            elif op == "rpc_result":
                future = self.pending.pop(msg["id"], None)
                if future is not None and not future.done():
                    if msg.get("ok"):
                        future.set_result(msg.get("value"))
                    else:
                        err = msg.get("error") or {}
                        future.set_exception(
                            RemoteError(
                                err.get("kind", "Error"), err.get("message", ""), err.get("data")
                            )  # fmt: skip
                        )
            elif op == "exit":
                return

    async def rpc(self, call_id: str, service: str, method: str, params: dict[str, Any]) -> Any:
        rid = next(self.ids)
        if call_id in self.unsaid:  # "validated" goes first: progress must not precede it
            self._say(call_id, {"op": "validated", "id": call_id,
                                "args_json": self.validated.get(call_id, "")})  # fmt: skip
        future = asyncio.get_running_loop().create_future()
        self.pending[rid] = future
        await self.send(
            {
                "op": "rpc",
                "id": rid,
                "call": call_id,
                "service": service,
                "method": method,
                "params": params,
            }  # fmt: skip
        )
        try:
            return await future
        except RemoteError as exc:  # the kernel's own words: safe to show if the call fails
            self.kernel_messages.setdefault(call_id, set()).update((exc.message, exc.kind))
            raise

    async def run(self, msg: dict[str, Any]) -> None:
        call_id = msg["id"]
        try:
            reply = await self._run(msg)
        except BaseException as exc:  # noqa: BLE001 - sys.exit() in a handler fails the call only
            if isinstance(exc, asyncio.CancelledError):
                raise
            log.error("%s %s raised:\n%s", msg.get("kind"), msg.get("name"),
                      "".join(traceback.format_exception(exc)))  # fmt: skip
            reply = {"status": "raised", "error_type": type(exc).__name__,
                     "message": message_of(exc), "where": origin(exc, self.path)}  # fmt: skip
            said = self.kernel_messages.get(call_id, set())
            text = str(getattr(exc, "message", "") or "") or message_of(exc)
            if type(exc).__name__ in said or any(m and m in text for m in said):
                reply["kernel_message"] = text[:500]
            if isinstance(exc, MemoryError):
                reply["restart"] = True
            if call_id in self.validated:  # it ran: the kernel reports it started
                reply["args_json"] = self.validated[call_id]
        self.validated.pop(call_id, None)
        self.kernel_messages.pop(call_id, None)
        try:
            await self.send({"op": "done", "id": call_id, **reply})
        except (ValueError, TypeError, RecursionError) as exc:  # circular or unencodable result
            await self.send(
                {"op": "done", "id": call_id, "status": "raised", "error_type": "BadResult",
                 "message": f"the function returned a value that cannot be sent as JSON ({exc})"}
            )  # fmt: skip

    async def _run(self, msg: dict[str, Any]) -> dict[str, Any]:
        kind, name, call_id = msg["kind"], msg["name"], msg["id"]
        if kind == "event":
            ctx = self.context(msg)
            from datetime import UTC, datetime

            from sdk.types.models import Event

            args = msg.get("args") or {}
            event = Event(name, datetime.now(UTC).isoformat(), args.get("user_id", ""),
                          args.get("tenant_id", ""), dict(args.get("data") or {}))  # fmt: skip
            for handler in self.le.ext.event_handlers:
                if handler.event_type == name:
                    await handler.func(ctx, event)
            return {"status": "returned", "result": {"status": "success"}}
        if kind in ("panel", "tray"):
            ctx = self.context(msg)
            result = await self.le.ext.call_tool(
                f"__{kind}__{name}", ctx, **(msg.get("args") or {})
            )
            return {"status": "returned", "result": result}
        fd = self.le.functions.get(name)
        if fd is None:
            return {"status": "invalid", "problem": f"no function {name!r}"}
        problem, call_args, args_json = validate_args(fd, msg.get("args") or {})
        if problem:
            return {"status": "invalid", "problem": problem}
        if msg.get("validate_only"):
            return {"status": "validated", "args_json": args_json}
        # "validated" goes out once the handler first waits for something; a handler that
        # never does is done first, and its "done" carries the arguments instead (one frame)
        note = {"op": "validated", "id": call_id, "args_json": args_json}
        self.unsaid[call_id] = asyncio.get_running_loop().call_soon(self._say, call_id, note)
        self.validated[call_id] = args_json
        try:
            result = normalise(await fd.func(self.context(msg), **call_args))
        finally:
            handle = self.unsaid.pop(call_id, None)
            if handle is not None:
                handle.cancel()
        _check_data_model(fd, result)
        return {"status": "returned", "result": result, "args_json": args_json}

    def _say(self, call_id: str, msg: dict[str, Any]) -> None:
        """Send a call's pending "validated" now (it must precede anything else it sends)."""
        handle = self.unsaid.pop(call_id, None)
        if handle is not None:
            handle.cancel()
            assert self.writer is not None
            self.writer.write(frames.encode(msg))

    def context(self, msg: dict[str, Any]) -> Any:

        call_id = msg["id"]
        info = msg.get("ctx") or {}

        async def rpc(service: str, method: str, params: dict[str, Any]) -> Any:
            return await self.rpc(_current.get() or call_id, service, method, params)

        ctx = build_worker_context(
            rpc=rpc,
            user_id=info.get("user_id", ""),
            tenant_id=info.get("tenant_id", "default"),
            app_id=self.le.app_id,
            tool_type=info.get("tool_type", "chat_fn"),
            ext=self.le.ext,
            config=info.get("config") or {},
            role=info.get("role") or "admin",
            scopes=info.get("scopes"),
        )

        async def progress(percent: float, message: str = "") -> None:
            await rpc("lifecycle", "progress", {"percent": float(percent), "message": str(message)})

        async def chat_message(payload: dict[str, Any]) -> None:
            await rpc("lifecycle", "chat_message", payload)

        async def spawn(coro: Any, *, long_running: bool = False, name: str = "") -> str:
            try:
                info = await rpc("lifecycle", "background_started",
                                 {"name": str(name or "background"), "long_running": bool(long_running)})  # fmt: skip
            except BaseException:
                close = getattr(coro, "close", None)
                if callable(close):
                    close()
                raise
            task_id = info["task_id"]
            task = asyncio.ensure_future(self._background(task_id, coro))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            return task_id

        ctx._progress_callback = progress
        ctx._chat_message_hook = chat_message
        ctx._background_task_spawn = spawn
        return ctx

    async def _background(self, task_id: str, coro: Any) -> None:
        _current.set(task_id)
        outcome: dict[str, Any] = {"status": "ok", "error": ""}
        try:
            await coro
        except BaseException as exc:  # noqa: BLE001 - reported to the kernel, never raised
            if isinstance(exc, asyncio.CancelledError):
                outcome = {"status": "cancelled", "error": "cancelled"}
            else:
                log.error("background task %s raised:\n%s", task_id,
                          "".join(traceback.format_exception(exc)))  # fmt: skip
                said = exception_text(type(exc).__name__, message_of(exc), origin(exc, self.path))
                outcome = {"status": "error", "error": f"failed with {said}"}
        await self.rpc(task_id, "lifecycle", "background_done", outcome)


def _check_data_model(fd: Any, result: dict[str, Any]) -> None:
    """Warn-only, as the SDK documents: a mismatch is logged, the result still stands."""
    model = fd._return_model
    data = result.get("data")
    if model is None or not isinstance(data, dict):
        return
    try:
        model.model_validate(data)
    except Exception as exc:  # noqa: BLE001 - pydantic's ValidationError and friends
        log.warning("data_model mismatch fn=%s model=%s: %s", fd.name, model.__name__,
                    str(exc)[:300])  # fmt: skip
