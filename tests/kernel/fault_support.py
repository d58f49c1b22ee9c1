"""Shared by the fault and concurrency tests: extensions that misbehave or take their time,
and small helpers over the kernel's session API."""

from __future__ import annotations

import asyncio
import contextlib
import shutil

from kernel import events as ev
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.rpc_support import short_dir

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


@chat.function("fork_then_exit", description="Fork a child, then os._exit(3).", action_type="write")
async def fork_then_exit(ctx, params: NoParams) -> ActionResult:
    await ctx.store.create("marks", {"mark": "fork_then_exit"})
    if os.fork() == 0:  # the child keeps the worker's socket open, and sleeps
        time.sleep(20)
        os._exit(0)
    os._exit(3)


class Size(BaseModel):
    mb: int = 20
    count: int = 1


@chat.function("big_result", description="Return mb megabytes.", action_type="read")
async def big_result(ctx, params: Size) -> ActionResult:
    return ActionResult.success({"blob": "x" * (params.mb * 1024 * 1024)}, "big")


@chat.function("hoard", description="Stage count documents of mb MB each.", action_type="write")
async def hoard(ctx, params: Size) -> ActionResult:
    blob = "x" * (params.mb * 1024 * 1024)
    for n in range(params.count):
        await ctx.store.create("blobs", {"n": n, "blob": blob})
    return ActionResult.success({"staged": params.count * params.mb}, "hoarded")


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


@chat.function("write_then_nap", description="Write a mark, then sleep.", action_type="write")
async def write_then_nap(ctx, params: Nap) -> ActionResult:
    await ctx.store.create("marks", {"mark": params.mark})
    await asyncio.sleep(params.seconds)
    return ActionResult.success({"mark": params.mark}, "rested")


@chat.function("marks", description="List the marks.", action_type="read")
async def marks(ctx, params: NoParams) -> ActionResult:
    page = await ctx.store.query("marks", limit=100)
    return ActionResult.success({"marks": sorted(d.data["mark"] for d in page.data)}, "marks")
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


@contextlib.asynccontextmanager
async def serving(kernel, fingerprint: str = "fp-faults"):
    """`kernel` behind a real Unix socket; yields a factory of connected async clients."""
    service = KernelService(kernel, fingerprint=fingerprint)
    folder = short_dir()
    path = folder / "k.sock"
    server = await asyncio.start_unix_server(service.handle, path=str(path))
    clients: list[AsyncClient] = []

    async def connect() -> AsyncClient:
        client = await AsyncClient.connect(path, fingerprint=fingerprint)
        clients.append(client)
        return client

    try:
        yield connect
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                await client.close()
        server.close()
        await service.close_connections(grace=0)
        shutil.rmtree(folder, ignore_errors=True)
