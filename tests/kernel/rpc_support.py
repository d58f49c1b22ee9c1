"""Shared by the protocol tests: a slow extension, a real kernel behind a real Unix socket."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from kernel import events as ev

FP = "fp-test"

SLOW_EXTENSION = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("slow", version="0.1.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Takes its time.")


class Nap(BaseModel):
    seconds: float = 1.0
    mark: str = "done"


class NoParams(BaseModel):
    pass


@chat.function("nap", description="Sleep, then write a mark.", action_type="write")
async def nap(ctx, params: Nap) -> ActionResult:
    await asyncio.sleep(params.seconds)
    await ctx.store.create("marks", {"mark": params.mark})
    return ActionResult.success({"mark": params.mark}, "rested")


@chat.function("marks", description="Count the marks.", action_type="read")
async def marks(ctx, params: NoParams) -> ActionResult:
    return ActionResult.success({"count": await ctx.store.count("marks")}, "counted")
"""


def write_slow_extension(home: Path) -> None:
    folder = home / "extensions" / "slow"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(SLOW_EXTENSION)


def short_dir() -> Path:
    """A private dir with a short path: AF_UNIX socket paths stop at about 108 bytes."""
    return Path(tempfile.mkdtemp(prefix="ish-", dir="/tmp"))


async def events_of(turn) -> list:
    return [e async for e in turn]


async def running(turn, settle: float = 0.3):
    """Send a turn's request and give its handler time to be under way."""
    await turn.start()
    await asyncio.sleep(settle)
    assert not turn.done
    return turn


async def marks(client, user="alice") -> int:
    events = await events_of(client.call(user, "slow", "marks", {}))
    (done,) = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert done.ok, done
    return done.data["count"]


def stop_resident(config) -> int | None:
    """Stop the resident kernel of `config`'s data dir, if one answers; its pid (or None)."""
    from kernel.client import KernelUnavailable, connect

    try:
        remote = connect(config, probe=True)
    except KernelUnavailable:
        return None
    pid = remote.pid
    remote.shutdown()
    remote.close()
    return pid
