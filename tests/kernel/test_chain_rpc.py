"""`run_plan` over the kernel protocol: the async client (the TUI's) and the blocking one."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from kernel import events as ev
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.rpc_support import FP, events_of, short_dir

PLAN = {
    "intent": "chain",
    "action_plans": [
        {
            "step_id": "s2",
            "app_id": "notes",
            "tool": "create_note",
            "args": '{"title": "$REF:s1.title"}',
            "depends_on": ["s1"],
        },  # fmt: skip
        {"step_id": "s1", "app_id": "tasks", "tool": "add_task", "args": {"title": "t"}},
    ],
}


@pytest.fixture
async def client(kernel):
    service = KernelService(kernel, fingerprint=FP)
    folder = short_dir()
    server = await asyncio.start_unix_server(service.handle, path=str(folder / "k.sock"))
    client = await AsyncClient.connect(folder / "k.sock", fingerprint=FP)
    yield client
    await client.close()
    await service.close_connections(grace=0)
    server.close()
    shutil.rmtree(folder, ignore_errors=True)


async def test_a_plan_runs_over_the_async_client(client):
    events = await events_of(client.session("alice").run_plan(PLAN))
    assert [s.step_id for s in events[0].steps] == ["s1", "s2"]
    done = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert [(d.step_id, d.ok) for d in done] == [("s1", True), ("s2", True)]
    assert done[1].data["title"] == "t"


async def test_an_invalid_plan_over_the_protocol_is_one_error_event(client, kernel):
    events = await events_of(client.run_plan("alice", {"action_plans": "nope"}))
    assert [(e.code, e.details["problems"]) for e in events] == [
        (ev.INVALID_PLAN, ["the steps must be a list, not str"])
    ]
    assert await kernel.audit() == []
