"""What a failure says, through the real kernel and its workers: an exception's message and the
extension's file:line (in a call, a panel render, a background task, in a helper module of the
extension), and an ActionResult's error code across `ctx.extensions.call`."""

from __future__ import annotations

import asyncio

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.results import exception_text, one_line
from tests.kernel.fault_support import call, finished, ledger_row

BROKEN = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

from .helpers import lookup

ext = Extension("broken", version="0.1.0", display_name="Broken")
chat = ChatExtension(ext, "broken", "Fails in several ways.")


class Nothing(BaseModel):
    pass


@chat.function("deep", description="Fail inside a helper module.", action_type="write")
async def deep(ctx, params: Nothing) -> ActionResult:
    await ctx.store.create("marks", {"mark": "deep"})
    return ActionResult.success({"v": lookup({}, "city")}, "unreachable")


@chat.function("later", description="Start a background task that fails.", action_type="write")
async def later(ctx, params: Nothing) -> ActionResult:
    async def job():
        raise RuntimeError("the feed is empty")  # JOB-LINE
    task_id = await ctx.background_task(job(), name="doomed")
    return ActionResult.success({"task_id": task_id}, "started")


@chat.function("coded", description="Fail with an error code.", action_type="read")
async def coded(ctx, params: Nothing) -> ActionResult:
    return ActionResult.error("quota used up", code="QUOTA", retryable=True)


@chat.function("relay", description="Call coded and report its code.", action_type="read")
async def relay(ctx, params: Nothing) -> ActionResult:
    out = await ctx.extensions.call("broken", "coded")
    return ActionResult.success({"code": out.error_code, "retryable": out.retryable}, "relayed")


@ext.panel("sidebar", slot="left", title="Sidebar")
async def sidebar(ctx, **kwargs):
    return None + 1  # PANEL-LINE
"""

HELPERS = """
def lookup(table, key):
    return table[key]  # HELPER-LINE
"""


def _line(source: str, marker: str) -> int:
    return next(i for i, text in enumerate(source.splitlines(), 1) if marker in text)


async def _kernel(write_extension):
    folder = write_extension("broken", BROKEN)
    (folder / "helpers.py").write_text(HELPERS)
    k = await Kernel.open(KernelConfig.load())
    assert not k.load_errors, k.load_errors
    return k


async def test_a_raise_in_a_helper_module_names_that_file(home, write_extension):
    async with await _kernel(write_extension) as k:
        out = finished(await call(k, "broken", "deep"))
        where = f"helpers.py:{_line(HELPERS, 'HELPER-LINE')}"
        assert (
            out.error == f"broken.deep failed with KeyError: 'city' ({where}); nothing was changed."
        )
        row = await ledger_row(k, out.ledger_id)
        assert (row["status"], row["error"]) == ("error", out.error)
        log = (home / "logs" / "ext-broken.log").read_text()
        assert "Traceback" in log and "main.py" in log and "helpers.py" in log


async def test_a_panel_that_raises_shows_what_and_where(home, write_extension):
    async with await _kernel(write_extension) as k:
        node = await k.session("alice").render("broken", "sidebar", {})
        assert node["type"] == "Error"
        message = node["props"]["message"]
        assert "failed with TypeError: unsupported operand" in message, message
        assert f"(main.py:{_line(BROKEN, 'PANEL-LINE')})" in message


async def test_a_background_task_that_raises_says_what_and_where(home, write_extension):
    async with await _kernel(write_extension) as k:
        sub = k.subscribe("alice")
        assert finished(await call(k, "broken", "later")).ok
        async with asyncio.timeout(10):
            async for event in sub:
                if isinstance(event, ev.ProactiveMessage) and "doomed" in event.text:
                    break
        await sub.aclose()
        where = f"main.py:{_line(BROKEN, 'JOB-LINE')}"
        assert f"failed with RuntimeError: the feed is empty ({where})" in event.text


async def test_an_error_code_crosses_ctx_extensions_call(home, write_extension):
    async with await _kernel(write_extension) as k:
        direct = finished(await call(k, "broken", "coded"))
        assert (direct.error, direct.error_code, direct.retryable) == (
            "quota used up",
            "QUOTA",
            True,
        )
        relayed = finished(await call(k, "broken", "relay"))
        assert relayed.ok, relayed
        assert relayed.data == {"code": "QUOTA", "retryable": True}


def test_exception_text_is_bounded_and_inert():
    assert exception_text("KeyError", "'city'", "main.py:3") == "KeyError: 'city' (main.py:3)"
    assert exception_text("ValueError", "", "") == "ValueError"
    assert exception_text("ValueError", "   ", "main.py:1") == "ValueError (main.py:1)"
    text = one_line("a\x1b[2J\nb\x07" + "z" * 1000)
    assert text.startswith("a\\x1b[2J b\\x07z") and len(text) == 300 and text.endswith("…")
    assert one_line("\u009b31m") == "\\x9b31m"
