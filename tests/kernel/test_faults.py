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
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.rpc_support import short_dir

INLINE_CAP_S = 3.0
MEMORY_MB = 256

FAULTY = """
import asyncio
import ctypes
import math
import os
import sys
import time

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("faulty", version="0.1.0", display_name="Faulty")
chat = ChatExtension(ext, "faulty", "Misbehaves on purpose.")


class NoParams(BaseModel):
    pass


class Nap(BaseModel):
    seconds: float = 1.0
    mark: str = "nap"


class Text(BaseModel):
    text: str = ""


@chat.function("block", description="Block the thread.", action_type="write")
async def block(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "block"})
    time.sleep(60)
    return ActionResult.success({}, "woke up")


@chat.function("spin", description="Loop forever.", action_type="write")
async def spin(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "spin"})
    while True:
        pass


@chat.function("exit", description="sys.exit().", action_type="write")
async def exit_(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "exit"})
    sys.exit()


@chat.function("hard_exit", description="os._exit(3).", action_type="write")
async def hard_exit(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "hard_exit"})
    os._exit(3)


@chat.function("segfault", description="Read address 0.", action_type="write")
async def segfault(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "segfault"})
    ctypes.string_at(0)
    return ActionResult.success({}, "unreachable")


@chat.function("hog", description="Allocate past the memory limit.", action_type="write")
async def hog(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "hog"})
    blocks = []
    for _ in range(64):
        blocks.append(bytearray(64 * 1024 * 1024))
    return ActionResult.success({"blocks": len(blocks)}, "allocated")


@chat.function("chatty", description="Print a lot.", action_type="write")
async def chatty(ctx, params: Text) -> ActionResult:
    print("STDOUT-NOISE", params.text)
    print("STDERR-NOISE", params.text, file=sys.stderr)
    os.write(1, b"RAW-FD1-NOISE\\n")
    await ctx.store.create("marks", {"mark": "chatty"})
    return ActionResult.success({"said": params.text}, "printed")


@chat.function("nan", description="Return NaN.", action_type="read")
async def nan(ctx, params: NoParams) -> ActionResult:
    return ActionResult.success({"value": math.nan, "inf": math.inf}, "not a number")


@chat.function("circular", description="Return a circular structure.", action_type="write")
async def circular(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "circular"})
    data = {"name": "loop"}
    data["self"] = data
    return ActionResult.success(data, "circular")


@chat.function("nap", description="Sleep (yielding), then write a mark.", action_type="write")
async def nap(ctx, params: Nap) -> ActionResult:
    await asyncio.sleep(params.seconds)
    await ctx.store.create("marks", {"mark": params.mark})
    return ActionResult.success({"mark": params.mark}, "rested")


@chat.function("marks", description="List the marks.", action_type="read")
async def marks(ctx, params: NoParams) -> ActionResult:
    page = await ctx.store.query("marks", limit=100)
    return ActionResult.success({"marks": sorted(d.data["mark"] for d in page.data)}, "marks")


@chat.function("pid", description="The worker's pid.", action_type="read")
async def pid(ctx, params: NoParams) -> ActionResult:
    return ActionResult.success({"pid": os.getpid()}, "pid")
"""

STEADY = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("steady", version="0.1.0", display_name="Steady")
chat = ChatExtension(ext, "steady", "Behaves.")


class Nap(BaseModel):
    seconds: float = 1.0
    mark: str = "nap"


class NoParams(BaseModel):
    pass


@chat.function("nap", description="Sleep, then write a mark.", action_type="write")
async def nap(ctx, params: Nap) -> ActionResult:
    await asyncio.sleep(params.seconds)
    await ctx.store.create("marks", {"mark": params.mark})
    return ActionResult.success({"mark": params.mark}, "rested")


@chat.function("marks", description="List the marks.", action_type="read")
async def marks(ctx, params: NoParams) -> ActionResult:
    page = await ctx.store.query("marks", limit=100)
    return ActionResult.success({"marks": sorted(d.data["mark"] for d in page.data)}, "marks")
"""

EXITS_AT_IMPORT = """
import sys

from imperal_sdk import ChatExtension, Extension

ext = Extension("quitter", version="0.1.0", display_name="Quitter")
chat = ChatExtension(ext, "quitter", "Leaves at once.")
sys.exit("no thanks")
"""


EDITOR = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("editor", version="0.1.0", display_name="Editor")
chat = ChatExtension(ext, "editor", "Edits one document slowly.")


class Edit(BaseModel):
    doc_id: str
    field: str
    value: str
    pause: float = 0.0


class NoParams(BaseModel):
    pass


class DocId(BaseModel):
    doc_id: str


@chat.function("create", description="Create the document.", action_type="write")
async def create(ctx, params: NoParams) -> ActionResult:
    doc = await ctx.store.create("docs", {"title": "shared"})
    return ActionResult.success({"id": doc.id}, "created")


@chat.function("edit", description="Read, wait, then update.", action_type="write")
async def edit(ctx, params: Edit) -> ActionResult:
    doc = await ctx.store.get("docs", params.doc_id)
    await asyncio.sleep(params.pause)
    data = {**doc.data, params.field: params.value}
    await ctx.store.update("docs", params.doc_id, data)
    return ActionResult.success({"field": params.field}, "edited")


@chat.function("read", description="Read the document.", action_type="read")
async def read(ctx, params: DocId) -> ActionResult:
    doc = await ctx.store.get("docs", params.doc_id)
    return ActionResult.success(doc.data, "read")
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
    write_extension("editor", EDITOR)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


def finished(events) -> ev.ActionFinished:
    done = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert len(done) == 1, events
    return done[0]


async def call(kernel, app, fn, args=None, user="alice"):
    return await kernel.session(user).call(app, fn, args or {}, source="cli")


async def marks_of(kernel, app, user="alice"):
    return finished(await call(kernel, app, "marks", user=user)).data["marks"]


async def ledger_row(kernel, ledger_id):
    rows = await kernel.audit(limit=1000)
    (row,) = [r for r in rows if r["id"] == ledger_id]
    return row


def started(kernel, app, fn, args, user="alice"):
    return asyncio.ensure_future(call(kernel, app, fn, args, user))


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


# --- concurrency: conflicts, and reads that never wait for writes ---------------------------


async def test_two_clients_updating_one_document_conflict_and_nothing_is_lost(served, faults):
    one, two = await served(), await served()

    async def edit(client, **args):
        return finished([e async for e in client.call("alice", "editor", "edit", args)])

    created = finished([e async for e in one.call("alice", "editor", "create", {})])
    doc_id = created.data["id"]
    slow = asyncio.ensure_future(edit(one, doc_id=doc_id, field="a", value="slow", pause=1.0))
    await asyncio.sleep(0.4)  # the slow one has read the document and waits
    fast = await edit(two, doc_id=doc_id, field="b", value="fast")
    late = await slow
    assert fast.ok, fast
    assert late.status == "error"
    assert "Another change to the same document committed first" in late.error
    assert "nothing was changed" in late.error
    assert (await ledger_row(faults, late.ledger_id))["status"] == "error"
    final = finished(await call(faults, "editor", "read", {"doc_id": doc_id})).data
    assert final == {"title": "shared", "b": "fast"}  # the winner's change, nothing lost
    assert (await edit(one, doc_id=doc_id, field="a", value="slow")).ok  # a retry works
    final = finished(await call(faults, "editor", "read", {"doc_id": doc_id})).data
    assert final == {"title": "shared", "a": "slow", "b": "fast"}


async def test_reads_never_wait_for_a_slow_write(faults):
    await call(faults, "notes", "create_note", {"title": "n"}, "bob")
    await call(faults, "notes", "list_notes", {}, "bob")  # its worker is warm
    writer = started(faults, "faulty", "nap", {"seconds": 2.0, "mark": "slow"})
    await asyncio.sleep(0.3)
    t0 = time.monotonic()
    listing = finished(await call(faults, "notes", "list_notes", {}, "bob"))
    took = time.monotonic() - t0
    assert listing.ok and [n["title"] for n in listing.data["notes"]] == ["n"]
    assert took < 0.5, f"a read waited {took:.2f} s for a slow write"
    assert not writer.done()
    assert finished(await writer).ok


async def test_a_handler_blocking_its_thread_does_not_delay_other_users(faults):
    await call(faults, "notes", "list_notes", {}, "bob")
    blocker = started(faults, "faulty", "block", {})
    await asyncio.sleep(0.3)
    t0 = time.monotonic()
    assert finished(await call(faults, "notes", "list_notes", {}, "bob")).ok
    assert time.monotonic() - t0 < 0.5
    assert finished(await blocker).status == "timeout"


# --- bad requests and clients that leave -----------------------------------------------------


@pytest.fixture
async def served(faults):
    """The kernel behind a real Unix socket, and a factory of connected async clients."""
    service = KernelService(faults, fingerprint="fp-faults")
    folder = short_dir()
    path = folder / "k.sock"
    server = await asyncio.start_unix_server(service.handle, path=str(path))
    clients = []

    async def connect() -> AsyncClient:
        client = await AsyncClient.connect(path, fingerprint="fp-faults")
        clients.append(client)
        return client

    yield connect
    for client in clients:
        await client.close()
    server.close()
    await service.close_connections(grace=0)
    shutil.rmtree(folder, ignore_errors=True)


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
