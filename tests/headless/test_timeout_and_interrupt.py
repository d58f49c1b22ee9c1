"""A stuck call ends in exit 6 with `--timeout`, and Ctrl-C in exit 130, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.headless.conftest import SHELL

SLOW_EXTENSION = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("slow", version="0.1.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Takes its time.")


class NoParams(BaseModel):
    pass


@chat.function("nap", description="Sleep for a minute.", action_type="read")
async def nap(ctx, params: NoParams) -> ActionResult:
    await asyncio.sleep(60)
    return ActionResult.success({}, "rested")
"""


@pytest.fixture
def slow_shell(embedded_shell):
    folder = embedded_shell.home / "extensions" / "slow"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLOW_EXTENSION)
    return embedded_shell


def test_timeout_exits_6(slow_shell):
    started = time.monotonic()
    result = slow_shell("call", "slow.nap", "--timeout", "1", "--json")
    assert result.code == 6, (result.out, result.err)
    assert time.monotonic() - started < 30
    assert result.json["status"] == "timeout"
    assert "1 s" in result.err
    result.assert_clean_stderr()


def test_interrupt_exits_130(slow_shell):
    proc = subprocess.Popen(
        [str(SHELL), "call", "slow.nap"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=slow_shell.env,
    )
    time.sleep(2.0)  # let it load and start the call
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err
    assert "Traceback" not in err
