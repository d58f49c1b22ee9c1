"""The blocking client (headless commands) against a kernel in this process (the same protocol
over a socketpair), and the framing both clients share."""

from __future__ import annotations

import time

import pytest

from imperal_tui.headless.deadline import CommandTimeout, deadline
from kernel import events as ev
from kernel.client import EmbeddedKernel
from kernel.config import KernelConfig
from kernel.rpc import framing
from kernel.rpc import messages as m
from tests.kernel.rpc_support import write_slow_extension


@pytest.fixture
def client(home):
    write_slow_extension(home)
    c = EmbeddedKernel(KernelConfig.load())
    yield c
    c.close()


def finished(events) -> list[ev.ActionFinished]:
    return [e for e in events if isinstance(e, ev.ActionFinished)]


def create_note(client, body: str) -> list:
    return list(client.call("alice", "notes", "create_note", {"title": "big", "body": body}))


def test_requests_within_the_limit_work_and_big_ones_get_a_clear_error(client):
    (done,) = finished(create_note(client, "x" * 90_000))
    assert done.ok, done
    ten_mb = create_note(client, "y" * 10_000_000)  # sent (under 16 MiB), refused by the schema
    assert [e.code for e in ten_mb if isinstance(e, ev.Error)] == [ev.INVALID_ARGS]
    assert "100000" in next(e.message for e in ten_mb if isinstance(e, ev.Error))
    (too_big,) = create_note(client, "z" * (framing.MAX_FRAME + 1))
    assert too_big.code == "request_too_large"
    assert "16.0 MiB" in too_big.message and too_big.message.startswith("not sent")
    rows = client.audit(limit=10)  # the connection goes on; only the two that ran are there
    assert sorted(r["status"] for r in rows if r["function"] == "create_note") == ["error", "ok"]


def test_abort_cancels_the_turn_in_the_kernel(client):
    with pytest.raises(CommandTimeout), deadline(0.5):
        list(client.call("alice", "slow", "nap", {"seconds": 1.0, "mark": "late"}))
    started = time.monotonic()
    leftovers = client.abort()
    assert time.monotonic() - started < 2.5
    assert not [e for e in finished(leftovers) if e.ok]
    time.sleep(1.0)  # past the nap: nothing commits late
    (count,) = finished(client.call("alice", "slow", "marks", {}))
    assert count.data == {"count": 0}


def test_pending_cards_render_and_tasks(client):
    list(client.send("alice", "create a note titled Old"))
    (card,) = [
        e.card
        for e in client.send("alice", "delete the note Old")
        if isinstance(e, ev.ConfirmationRequired)
    ]
    assert client.pending_cards("alice") == [card]
    assert client.render("alice", "notes", "notes")["type"]
    try:
        assert isinstance(client.tasks("alice"), list)
    except m.RpcError as exc:
        assert exc.code == m.NOT_AVAILABLE


def test_frames_carry_any_size_up_to_the_limit():
    body = {"jsonrpc": "2.0", "id": 7, "method": "call", "params": {"x": "é" * 70_000}}
    data = framing.encode(body)
    assert framing.size_of(data[:4]) == len(data) - 4 > 128 * 1024  # no line limit
    assert framing.loads(data[4:]) == body
    with pytest.raises(framing.FrameTooLarge, match="at most 1.0 KiB"):
        framing.encode(body, max_frame=1024)
    assert framing.peek_id(framing.dumps(m.request(42, "call", {"x": "y" * 100}))) == 42
    assert framing.peek_id(b'{"jsonrpc":"2.0","method":"event"') is None
    with pytest.raises(ValueError):
        framing.dumps({"nan": float("nan")})  # strict JSON on the wire
