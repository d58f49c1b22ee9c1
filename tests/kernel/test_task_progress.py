"""A call promoted to a task keeps the progress it reported before the promotion."""

from __future__ import annotations

from kernel import Kernel, KernelConfig
from kernel import events as ev

SLOW = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("slow", version="1.0.0")
chat = ChatExtension(ext, "slow", "Slow")


class Nap(BaseModel):
    seconds: float = 30.0


@chat.function("nap", action_type="write", description="Reports, then waits.")
async def nap(ctx, params: Nap) -> ActionResult:
    await ctx.progress(40, "warming up")
    await asyncio.sleep(params.seconds)
    return ActionResult.success(data={}, summary="rested")
"""


async def test_the_task_row_starts_with_the_progress_reported_before(
    home, write_extension, monkeypatch
):
    write_extension("slow", SLOW)
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")
    async with await Kernel.open(KernelConfig.load()) as kernel:
        turn = kernel.session("alice").call("slow", "nap", {"seconds": 30})
        promoted = None
        async for event in turn:
            if isinstance(event, ev.TaskPromoted):
                promoted = event
                break
        assert promoted is not None
        [row] = await kernel.tasks("alice")
        assert (row["id"], row["progress"], row["message"]) == (
            promoted.task_id,
            40.0,
            "warming up",
        )
        assert await kernel.cancel_task("alice", promoted.task_id)
        await turn.aclose()
