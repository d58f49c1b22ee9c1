"""The TUI's way in: `open_async_client` attaches to the resident kernel (starting it), or runs
the kernel on a thread of this process with IMPERAL_SHELL_SERVER=0; either way one API."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest

import kernel
from kernel import events as ev
from kernel.client import open_async_client
from kernel.config import KernelConfig
from kernel.endpoint import lock_holder
from tests.kernel.rpc_support import stop_resident

SHELL = Path(sys.executable).parent / "imperal-shell"

# The script must run the same code as this process (the checkout, not a non-editable install
# of it, as on CI): a client built from other code sees the resident kernel as stale.
CODE_ROOT = str(Path(kernel.__file__).resolve().parent.parent)


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "30")
    monkeypatch.delenv("IMPERAL_SHELL_SERVER", raising=False)
    cfg = KernelConfig.load()
    yield cfg
    stop_resident(cfg)


async def test_embedded_mode_runs_the_kernel_here_behind_the_same_api(config):
    client = await open_async_client(config, resident=False)
    try:
        assert client.pid == os.getpid()
        assert lock_holder(config) == (os.getpid(), "embedded")
        events = [e async for e in client.session("alice").send("add a task buy milk")]
        assert any(isinstance(e, ev.ActionFinished) and e.ok for e in events)
    finally:
        await client.close()
    assert lock_holder(config) is None


async def test_two_clients_and_a_script_share_one_resident_kernel(config):
    first = await open_async_client(config, resident=True)
    second = await open_async_client(config, resident=True)
    try:
        assert first.pid == second.pid != os.getpid()
        watch = second.subscribe("alice")
        assert await watch.started()
        proc = await asyncio.create_subprocess_exec(
            str(SHELL),
            "call",
            "notes.create_note",
            "--args",
            '{"title": "from a script"}',
            "--user",
            "alice",
            env={**os.environ, "IMPERAL_SHELL_SERVER": "1", "PYTHONPATH": CODE_ROOT},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await proc.communicate()
        assert proc.returncode == 0, err
        done = time.monotonic()
        seen = await asyncio.wait_for(watch.__anext__(), 5)
        assert time.monotonic() - done < 1.0
        assert isinstance(seen, ev.PanelInvalidated) and seen.app_id == "notes"
        listed = [
            e
            async for e in first.session("alice").call("notes", "list_notes", {})
            if isinstance(e, ev.ActionFinished)
        ]
        assert [n["title"] for n in listed[0].data["notes"]] == ["from a script"]
        await watch.aclose()
    finally:
        await first.close()
        await second.close()
