"""The zygote: a small process with sdk and pydantic imported that forks worker processes.

Forking from it makes a worker ready in milliseconds and lets workers share the pages of
those imports. The kernel sends it `spawn` requests over a SOCK_SEQPACKET socket, each with
the worker's end of a fresh socketpair attached (SCM_RIGHTS); it answers with the pid, and
reports each worker's exit status when it reaps it. When the kernel goes away, so does it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys

PRELOAD = (
    "pydantic",
    "sdk",
    "sdk.chat",
    "sdk.types.action_result",
    "sdk.ui",  # most extensions return ui nodes
    "sdk.sdl.entity",  # entity models; the first model built also loads pydantic's plugins
    "kernel.host.worker",
    "kernel.host.manifest",
    "kernel.host.validation",
    "kernel.host.ctx_proxy",
    "kernel.loader",
    "kernel.results",
)


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - a worker will report the real failure
            print(f"zygote: preload {name} failed: {exc}", file=sys.stderr)


def _send(ctrl: socket.socket, msg: dict) -> None:
    try:
        ctrl.send(json.dumps(msg).encode())
    except OSError:
        os._exit(0)


def _reap(ctrl: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _send(ctrl, {"op": "exit", "pid": pid, "code": os.waitstatus_to_exitcode(status)})


def _spawn(ctrl: socket.socket, request: dict, fds: list[int]) -> None:
    if len(fds) != 1:
        for fd in fds:
            os.close(fd)
        _send(ctrl, {"op": "spawned", "pid": 0, "error": "expected one socket"})
        return
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            os.setpgid(0, 0)  # its own process group: stopping it stops whatever it forked
            ctrl.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            from kernel.host import worker

            sock = socket.socket(fileno=fds[0])
            if "paths" in request:  # a scan of several folders, not a worker
                worker.scan_main(sock, list(request["paths"]), request["log_file"],
                                 int(request["memory_mb"]))  # fmt: skip
            worker.main(sock, request["path"], request["log_file"], int(request["memory_mb"]))
        finally:
            os._exit(70)
    with contextlib.suppress(OSError):  # also here, so the group exists before we answer
        os.setpgid(pid, pid)
    os.close(fds[0])
    _send(ctrl, {"op": "spawned", "pid": pid})


def main(fd: int) -> None:
    ctrl = socket.socket(fileno=fd)
    ctrl.setblocking(True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the kernel
    _preload()
    _send(ctrl, {"op": "ready", "pid": os.getpid()})
    while True:
        ready, _, _ = select.select([ctrl], [], [], 0.2)
        _reap(ctrl)
        if not ready:
            continue
        try:
            data, fds, _flags, _addr = socket.recv_fds(ctrl, 65536, 4)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)  # the kernel is gone
        try:
            request = json.loads(data)
        except ValueError:
            for fd_ in fds:
                os.close(fd_)
            continue
        if request.get("op") == "spawn":
            _spawn(ctrl, request, fds)


if __name__ == "__main__":
    main(int(sys.argv[1]))
