"""Misbehaving extensions and bad input, through the real kernel and its worker processes.

Each fault fails its own call, with a clear message and a ledger row; the kernel, every other
call (including calls already in flight in another extension and in another worker of the same
extension) go on, and the next call of the broken extension works on a fresh worker.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.fault_support import (
    FAULTY,
    STEADY,
    call,
    finished,
    ledger_row,
    marks_of,
    serving,
    started,
)
from tests.kernel.rpc_support import short_dir

INLINE_CAP_S = 3.0
MEMORY_MB = 256

EXITS_AT_IMPORT = """
import sys

from imperal_sdk import ChatExtension, Extension

ext = Extension("quitter", version="0.1.0", display_name="Quitter")
chat = ChatExtension(ext, "quitter", "Leaves at once.")
sys.exit("no thanks")
"""


@pytest.fixture
def runtime_env(monkeypatch):
    """Small caps through the kernel's own config knobs (IMPERAL_SHELL_<NAME>)."""
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", str(INLINE_CAP_S))
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "30")
    monkeypatch.setenv("IMPERAL_SHELL_WORKER_MEMORY_MB", str(MEMORY_MB))


@pytest.fixture
async def faults(home, write_extension, runtime_env):
    write_extension("faulty", FAULTY)
    write_extension("steady", STEADY)
    write_extension("quitter", EXITS_AT_IMPORT)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


async def warm(kernel, n=2):
    """Two idle faulty workers and one steady one, so in-flight calls are already running
    when the fault hits (a worker start is not part of what is measured)."""
    await asyncio.gather(*(call(kernel, "faulty", "pid") for _ in range(n)))
    await call(kernel, "steady", "marks")


FAULTS = {
    # function: (status, words the message must contain, seconds it may take at most)
    "block": ("timeout", ["did not finish within 3 s"], INLINE_CAP_S + 3),
    "spin": ("timeout", ["did not finish within 3 s"], INLINE_CAP_S + 3),
    "exit": ("error", ["sys.exit()"], 3),
    "hard_exit": ("error", ["exited with code 3"], 3),
    "segfault": ("error", ["segmentation fault"], 3),
    "hog": ("error", ["memory"], 15),
}


@pytest.mark.parametrize("fn", list(FAULTS))
async def test_a_fault_fails_its_call_only(faults, fn):
    status, words, limit = FAULTS[fn]
    await warm(faults)
    others = [
        started(faults, "steady", "nap", {"seconds": 1.5, "mark": f"steady-{fn}"}),
        started(faults, "faulty", "nap", {"seconds": 1.5, "mark": f"sibling-{fn}"}, "bob"),
    ]
    await asyncio.sleep(0.3)  # both are under way when the fault hits
    t0 = time.monotonic()
    out = finished(await call(faults, "faulty", fn))
    took = time.monotonic() - t0
    assert out.status == status, out
    assert all(w in out.error for w in words), out.error
    assert "nothing was changed" in out.error
    assert took < limit
    row = await ledger_row(faults, out.ledger_id)
    assert (row["function"], row["status"]) == (fn, status)
    assert row["error"] == out.error
    # the calls in flight finished normally, in another extension and in a sibling worker
    for task in others:
        assert finished(await task).ok
    assert await marks_of(faults, "steady") == [f"steady-{fn}"]
    assert await marks_of(faults, "faulty", "bob") == [f"sibling-{fn}"]
    # the failed call's staged write never committed; the extension works again
    assert await marks_of(faults, "faulty") == []
    again = finished(await call(faults, "faulty", "nap", {"seconds": 0, "mark": "after"}))
    assert again.ok, again
    assert await marks_of(faults, "faulty") == ["after"]
    assert await faults.verify_ledger() is None


async def test_the_worker_is_replaced_after_a_crash(faults):
    first = finished(await call(faults, "faulty", "pid")).data["pid"]
    assert finished(await call(faults, "faulty", "pid")).data["pid"] == first  # reused
    assert finished(await call(faults, "faulty", "segfault")).status == "error"
    assert first not in faults.host.pids()
    second = finished(await call(faults, "faulty", "pid")).data["pid"]
    assert second != first


async def test_a_crash_in_a_panel_render_is_an_error_node(home, write_extension, runtime_env):
    write_extension("faulty", FAULTY + PANEL)
    async with await Kernel.open(KernelConfig.load()) as k:
        node = await k.session("alice").render("faulty", "boom", {})
        assert node["type"] == "Error"
        assert "exited with code 4" in node["props"]["message"]
        assert finished(await call(k, "faulty", "nap", {"seconds": 0})).ok


PANEL = """

@ext.panel("boom", slot="left", title="Boom")
async def boom(ctx, **kwargs):
    os._exit(4)
"""


async def test_caps_preempt_a_long_running_call_too(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "1")
    monkeypatch.setenv("IMPERAL_SHELL_LONG_RUNNING_CAP_S", "2")
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "30")
    write_extension("faulty", FAULTY + LONG)
    async with await Kernel.open(KernelConfig.load()) as k:
        t0 = time.monotonic()
        out = finished(await call(k, "faulty", "long_block"))
        took = time.monotonic() - t0
        assert out.status == "timeout" and "within 2 s" in out.error
        assert 1.8 < took < 5
        inline = finished(await call(k, "faulty", "spin"))
        assert inline.status == "timeout" and "within 1 s" in inline.error


LONG = """

@chat.function("long_block", description="Blocks.", action_type="write", long_running=True)
async def long_block(ctx, params: NoParams) -> ActionResult:
    time.sleep(60)
    return ActionResult.success({}, "woke up")
"""


async def test_a_promoted_call_is_still_capped(home, write_extension, monkeypatch):
    """Promotion to a task does not lift the cap: the task ends as a timeout."""
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "2")
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.5")
    write_extension("faulty", FAULTY)
    async with await Kernel.open(KernelConfig.load()) as k:
        events = await call(k, "faulty", "spin")
        (promoted,) = [e for e in events if isinstance(e, ev.TaskPromoted)]
        out = finished(events)
        assert out.status == "timeout"
        (task,) = [t for t in await k.tasks("alice") if t["id"] == promoted.task_id]
        # tasks are running | ok | error | cancelled | lost: a cap is an error, said so
        assert task["status"] == "error" and "did not finish within 2 s" in task["message"]


async def test_a_worker_that_dies_while_its_child_holds_the_socket_fails_at_once(faults):
    """os._exit in a handler that forked: the worker is gone even though a child of it still
    holds the socket open; the call fails as a crash at once, not as a timeout at the cap."""
    t0 = time.monotonic()
    out = finished(await call(faults, "faulty", "fork_then_exit"))
    took = time.monotonic() - t0
    assert out.status == "error" and "exited with code 3" in out.error, out
    assert took < INLINE_CAP_S - 1, f"noticed after {took:.1f} s (the cap is {INLINE_CAP_S:g} s)"
    assert await marks_of(faults, "faulty") == []


async def test_the_host_recovers_when_its_zygote_is_killed(faults):
    busy = started(faults, "steady", "nap", {"seconds": 1.0, "mark": "during"})
    await asyncio.sleep(0.3)
    zygote = faults.host.zygote.proc.pid
    os.kill(zygote, signal.SIGKILL)
    assert finished(await busy).ok  # a call already running in a worker goes on
    faults.host.restart("faulty")  # no idle worker to fall back on: a new one is needed
    out = finished(await call(faults, "faulty", "pid"))
    assert out.ok, out
    assert faults.host.zygote.proc.pid != zygote
    assert await marks_of(faults, "steady") == ["during"]


async def test_a_result_over_the_frame_limit_is_a_clear_error(faults):
    out = finished(await call(faults, "faulty", "big_result", {"mb": 20}))
    assert out.status == "error" and "over the 16,777,216 limit" in out.error
    assert finished(await call(faults, "faulty", "big_result", {"mb": 1})).ok


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_staged_writes_cannot_exhaust_the_kernels_memory(home, write_extension, runtime_env,
                                                               monkeypatch):  # fmt: skip
    """Staged writes live in the kernel until commit: a handler staging 160 MB (within its
    worker's own memory limit: one 8 MB string sent 20 times) must not cost the kernel 160 MB.
    Either the call is refused with a clear message (and commits nothing), or the kernel
    keeps its memory bounded some other way."""
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "120")
    write_extension("faulty", FAULTY)
    async with await Kernel.open(KernelConfig.load()) as k:
        await call(k, "faulty", "pid")
        Path("/proc/self/clear_refs").write_text("5")  # the peak RSS starts again from now
        before = _peak_rss_mb()
        out = finished(await call(k, "faulty", "hoard", {"mb": 8, "count": 20}))
        grew = _peak_rss_mb() - before
        if not out.ok:
            assert out.status == "error" and ("MB" in out.error or "bytes" in out.error), out
        assert grew < 100, (
            f"the kernel's peak memory grew {grew:.0f} MB for one call ({out.status})"
        )
        assert finished(await call(k, "faulty", "nap", {"seconds": 0})).ok


# --- results that cannot travel as JSON -----------------------------------------------------


def strict_json(text: str):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


async def test_nan_in_a_result_never_reaches_a_client_as_invalid_json(faults):
    out = finished(await call(faults, "faulty", "nan"))
    assert out.ok and out.data == {"value": None, "inf": None}
    row = await ledger_row(faults, out.ledger_id)
    assert row["status"] == "ok"


async def test_a_circular_result_fails_its_call_clearly(faults):
    out = finished(await call(faults, "faulty", "circular"))
    assert out.status == "error"
    assert "cannot be sent as JSON" in out.error and "BadResult" in out.error
    assert (await ledger_row(faults, out.ledger_id))["status"] == "error"
    assert await marks_of(faults, "faulty") == []  # its write did not commit
    assert finished(await call(faults, "faulty", "nap", {"seconds": 0})).ok


# --- output of extensions goes to their log ------------------------------------------------


async def test_prints_go_to_the_extension_log_not_the_caller(faults, home):
    out = finished(await call(faults, "faulty", "chatty", {"text": "hello"}))
    assert out.ok and out.data == {"said": "hello"}
    log = (home / "logs" / "ext-faulty.log").read_text()
    assert "STDOUT-NOISE hello" in log and "STDERR-NOISE hello" in log and "RAW-FD1-NOISE" in log


def test_cli_json_stays_pure_when_a_handler_prints(home, write_extension, monkeypatch, capfd):
    """In-process (IMPERAL_SHELL_SERVER=0): the kernel runs here, the handler in a worker;
    capfd sees this process's file descriptors 1 and 2, not only sys.stdout."""
    from imperal_tui import cli

    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    write_extension("faulty", FAULTY)
    code = cli.main(["call", "faulty.chatty", "--args", '{"text": "hi"}', "--json"])
    captured = capfd.readouterr()
    assert code == 0, captured
    assert "NOISE" not in captured.out and "NOISE" not in captured.err
    assert strict_json(captured.out)  # one JSON document, nothing else on stdout
    code = cli.main(["call", "faulty.nan", "--json"])
    captured = capfd.readouterr()
    assert code == 0, captured
    strict_json(captured.out)  # no NaN literal
    assert "STDOUT-NOISE hi" in (home / "logs" / "ext-faulty.log").read_text()


def test_the_real_binary_prints_pure_json_from_the_resident_kernel(home, write_extension):
    write_extension("faulty", FAULTY)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="1",
               IMPERAL_SHELL_SERVER_IDLE="20")  # fmt: skip
    shell = [str(Path(sys.executable).parent / "imperal-shell"), "call"]
    try:
        proc = subprocess.run([*shell, "faulty.chatty", "--args", '{"text": "there"}', "--json"],
                              capture_output=True, text=True, env=env, timeout=90)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert "NOISE" not in proc.stdout + proc.stderr
        assert strict_json(proc.stdout)
        crashed = subprocess.run([*shell, "faulty.segfault", "--json"], capture_output=True,
                                 text=True, env=env, timeout=90)  # fmt: skip
        assert crashed.returncode == 1, crashed.stderr
        assert "segmentation fault" in json.dumps(strict_json(crashed.stdout))
    finally:
        subprocess.run([*shell[:-1], "kernel", "stop"], env=env, capture_output=True, timeout=30)
    assert "STDOUT-NOISE there" in (home / "logs" / "ext-faulty.log").read_text()


# --- an extension that exits at import -----------------------------------------------------


async def test_sys_exit_at_import_is_a_load_error(faults):
    (error,) = [e for e in faults.load_errors if "quitter" in e.path]
    assert "SystemExit" in error.message and "no thanks" in error.message
    apps = {e.app_id for e in faults.extensions()}
    assert {"faulty", "steady", "notes", "tasks"} <= apps and "quitter" not in apps
    (err,) = await call(faults, "quitter", "anything")
    assert err.code == ev.UNKNOWN_FUNCTION and "No extension 'quitter'" in err.message
    assert finished(await call(faults, "steady", "nap", {"seconds": 0})).ok


# --- bad requests and clients that leave -----------------------------------------------------


@pytest.fixture
async def served(faults):
    async with serving(faults) as connect:
        yield connect


async def test_a_10_mb_request_is_a_clear_error_and_changes_nothing(served, faults):
    client = await served()
    body = "x" * (10 * 1024 * 1024)
    events = [e async for e in client.call("alice", "notes", "create_note",
                                           {"title": "big", "body": body})]  # fmt: skip
    text = " ".join(getattr(e, "message", "") + getattr(e, "error", "") for e in events)
    assert not any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    assert "body" in text, events  # which field is too long
    listed = finished([e async for e in client.call("alice", "notes", "list_notes", {})])
    assert listed.data["notes"] == []
    assert await faults.verify_ledger() is None


async def test_a_refused_10_mb_request_does_not_put_10_mb_in_the_ledger(faults):
    """The ledger is append-only: a refused request must not grow it by what it carried."""
    body = "x" * (10 * 1024 * 1024)
    (err,) = await call(faults, "notes", "create_note", {"title": "big", "body": body})
    assert err.code == ev.INVALID_ARGS
    row = await ledger_row(faults, err.details["ledger_id"])
    assert row["status"] == "error"
    assert len(row["args_json"]) < 256 * 1024, f"{len(row['args_json']):,} bytes in the ledger"


async def test_a_request_over_16_mib_is_refused_and_the_connection_goes_on(served):
    client = await served()
    body = "x" * (17 * 1024 * 1024)
    events = [e async for e in client.call("alice", "notes", "create_note",
                                           {"title": "huge", "body": body})]  # fmt: skip
    (error,) = events
    assert error.code == "request_too_large"
    assert finished([e async for e in client.call("alice", "notes", "list_notes", {})]).ok


async def test_a_client_that_disconnects_mid_call_commits_nothing(served, faults):
    leaving = await served()
    turn = leaving.call("alice", "faulty", "nap", {"seconds": 1.0, "mark": "orphan"})
    await turn.start()
    await asyncio.sleep(0.4)
    await leaving.close()
    await asyncio.sleep(1.2)
    assert await marks_of(faults, "faulty") == []
    rows = [r for r in await faults.audit(limit=50) if r["function"] == "nap"]
    assert [r["status"] for r in rows] == ["cancelled"]


async def test_a_promoted_call_goes_on_after_its_client_leaves(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")
    write_extension("faulty", FAULTY)
    async with await Kernel.open(KernelConfig.load()) as k:
        service = KernelService(k, fingerprint="fp-faults")
        folder = short_dir()
        server = await asyncio.start_unix_server(service.handle, path=str(folder / "k.sock"))
        try:
            leaving = await AsyncClient.connect(folder / "k.sock", fingerprint="fp-faults")
            turn = leaving.call("alice", "faulty", "nap", {"seconds": 1.5, "mark": "task"})
            promoted = None
            async for event in turn:
                if isinstance(event, ev.TaskPromoted):
                    promoted = event
                    break
            assert promoted is not None
            await leaving.close()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                (task,) = [t for t in await k.tasks("alice") if t["id"] == promoted.task_id]
                if task["status"] != "running":
                    break
                await asyncio.sleep(0.1)
            assert task["status"] == "ok", task
            assert await marks_of(k, "faulty") == ["task"]
        finally:
            server.close()
            await service.close_connections(grace=0)
            shutil.rmtree(folder, ignore_errors=True)


CALLER = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("caller", version="0.1.0", display_name="Caller")
chat = ChatExtension(ext, "caller", "Calls another extension that crashes.")


class Target(BaseModel):
    function: str


@chat.function("relay", description="Call faulty, then write.", action_type="write")
async def relay(ctx, params: Target) -> ActionResult:
    result = await ctx.extensions.call("faulty", params.function)
    await ctx.store.create("log", {"ok": result.status == "success", "error": result.error or ""})
    return ActionResult.success({"callee_ok": result.status == "success",
                                 "callee_error": result.error or ""}, "relayed")
"""


@pytest.mark.parametrize("fn", ["segfault", "hard_exit"])
async def test_a_crash_inside_a_nested_call_fails_only_the_callee(faults, write_extension, fn):
    """ctx.extensions.call into a crashing extension: the caller gets an error result and its
    own call goes on and commits; both outcomes are in the ledger."""
    write_extension("caller", CALLER)
    await faults.reload_extension(faults.config.user_extensions_dir / "caller")
    out = finished(await call(faults, "caller", "relay", {"function": fn}))
    assert out.ok, out
    assert out.data["callee_ok"] is False and "nothing was changed" in out.data["callee_error"]
    rows = await faults.audit(limit=10)
    assert [(r["app_id"], r["function"], r["status"]) for r in rows[-2:]] == [
        ("faulty", fn, "error"),
        ("caller", "relay", "ok"),
    ]
    assert rows[-2]["source"] == "extension:caller"
    assert await marks_of(faults, "faulty") == []
    assert finished(await call(faults, "faulty", "nap", {"seconds": 0})).ok
