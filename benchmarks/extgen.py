"""Generated extensions for the kernel figures: a trivial one to time the path around a
handler, and many small ones (a few functions each, with their own params models) to time
start, memory and routing with a big catalog."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

TRIVIAL = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("benchw", version="1.0.0", display_name="Bench write")
chat = ChatExtension(ext, "benchw", "Trivial handlers, for timing the path around them.")


class Put(BaseModel):
    n: int = 0


class NoParams(BaseModel):
    pass


@chat.function("put", description="Store one small document.", action_type="write")
async def put(ctx, params: Put) -> ActionResult:
    await ctx.store.create("rows", {"n": params.n})
    return ActionResult.success({"n": params.n}, "stored")


@chat.function("noop", description="Do nothing.", action_type="read")
async def noop(ctx, params: NoParams) -> ActionResult:
    return ActionResult.success({}, "nothing")
"""

SMALL = """
from typing import Literal

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel, Field

ext = Extension("{app}", version="1.0.0", display_name="{title}",
                description="Keeps {noun}s: a generated extension for timing.")
chat = ChatExtension(ext, "{app}", "{title}: {noun}s.")


class Add{cls}(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="Title of the {noun}")
    priority: Literal["low", "normal", "high"] = Field("normal", description="How urgent")


class List{cls}s(BaseModel):
    status: Literal["open", "done", "all"] = Field("open", description="Which {noun}s")
    limit: int = Field(20, ge=1, le=100, description="At most this many")


class {cls}Id(BaseModel):
    {noun}_id: str = Field(min_length=1, description="Id of the {noun}")


@chat.function("add_{noun}", description="Add a {noun} with a title.", action_type="write")
async def add_{noun}(ctx, params: Add{cls}) -> ActionResult:
    doc = await ctx.store.create("{noun}s", {{"title": params.title}})
    return ActionResult.success({{"id": doc.id}}, "added")


@chat.function("list_{noun}s", description="List the {noun}s.", action_type="read")
async def list_{noun}s(ctx, params: List{cls}s) -> ActionResult:
    page = await ctx.store.query("{noun}s", limit=params.limit)
    return ActionResult.success({{"count": len(page.data)}}, "listed")


@chat.function("delete_{noun}", description="Delete a {noun}.", action_type="destructive")
async def delete_{noun}(ctx, params: {cls}Id) -> ActionResult:
    await ctx.store.delete("{noun}s", params.{noun}_id)
    return ActionResult.success({{}}, "deleted")
"""

SMALL_FUNCTIONS = 3


def noun(n: int) -> str:
    """A distinct lowercase word per n (the offline router matches function names' nouns)."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    while True:
        word = letters[n % len(letters)] + "a" + word
        n //= len(letters)
        if n == 0:
            return "thing" + word


def write_trivial(extensions_dir: Path) -> Path:
    folder = extensions_dir / "benchw"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(TRIVIAL, encoding="utf-8")
    return folder


def write_small(extensions_dir: Path, count: int) -> list[Path]:
    folders = []
    for n in range(count):
        word = noun(n)
        app = f"gen{n:03d}"
        folder = extensions_dir / app
        folder.mkdir(parents=True, exist_ok=True)
        source = SMALL.format(app=app, title=f"Gen {n}", noun=word, cls=word.capitalize())
        (folder / "main.py").write_text(source, encoding="utf-8")
        folders.append(folder)
    return folders


class Homes:
    """Scratch data dirs for one benchmark run; resident kernels in them are stopped and the
    dirs removed at the end. Paths stay short: the kernel's socket lives in the data dir."""

    def __init__(self):
        self._stack = contextlib.ExitStack()

    def new(self, prefix: str) -> Path:
        home = Path(tempfile.mkdtemp(prefix=f"ib-{prefix}-", dir="/tmp"))
        self._stack.callback(shutil.rmtree, home, ignore_errors=True)
        self._stack.callback(stop_resident, home)
        return home

    def close(self) -> None:
        self._stack.close()


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="1",
               IMPERAL_SHELL_SERVER_IDLE="120")  # fmt: skip
    env.update(extra)
    return env


def config_for(home: Path):
    from kernel.config import KernelConfig

    return KernelConfig.load(home=home, env=env_for(home))


def stop_resident(home: Path) -> None:
    from kernel.client import KernelUnavailable, connect

    with contextlib.suppress(KernelUnavailable, OSError, RuntimeError, ValueError, KeyError):
        client = connect(config_for(home), probe=True)
        client.shutdown()
        client.close()
