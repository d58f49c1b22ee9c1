"""The kernel protocol end to end, in-process: a real Kernel on a tmp home served over a real
Unix socket, spoken to by the async client (the TUI's) and by raw frames."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import shutil
import socket

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.rpc import messages as m
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService, _unencodable
from kernel.rpc.framing import HEADER, encode
from kernel.rpc.sync_client import KernelUnavailable
from tests.kernel.rpc_support import FP, events_of, marks, running, short_dir, write_slow_extension


@pytest.fixture
async def rpc_kernel(home):
    write_slow_extension(home)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


@pytest.fixture
async def service(rpc_kernel):
    svc = KernelService(rpc_kernel, fingerprint=FP)
    yield svc
    await svc.close_connections(grace=0)


@pytest.fixture
async def socket_file(service):
    folder = short_dir()
    path = folder / "k.sock"
    server = await asyncio.start_unix_server(service.handle, path=str(path))
    yield path
    server.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def connect(socket_file):
    clients = []

    async def make(**kwargs) -> AsyncClient:
        client = await AsyncClient.connect(socket_file, fingerprint=FP, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        with contextlib.suppress(Exception):
            await client.close()


async def test_hello_and_catalog(connect):
    client = await connect()
    assert client.pid == os.getpid() and client.protocol == m.PROTOCOL and not client.stale
    catalog = await client.catalog()
    assert {e.app_id for e in catalog["extensions"]} >= {"notes", "tasks", "slow"}
    assert catalog["load_errors"] == []
    panels = await client.panels("left")
    assert panels and all(p.slot == "left" for p in panels)


async def test_a_turn_streams_its_events_then_its_result(connect):
    session = (await connect()).session("alice")
    turn = session.send("create a note titled Q3")
    events = await events_of(turn)
    assert isinstance(events[0], ev.PlanProposed)
    (done,) = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert done.ok and done.function == "create_note"
    assert turn.result == {"events": len(events)}
    listed = await session.call("notes", "list_notes", {})  # awaited: the whole turn
    assert [e.status for e in listed if isinstance(e, ev.ActionFinished)] == ["ok"]
    assert "Q3" in "".join(e.text for e in events if isinstance(e, ev.TextDelta))


async def test_many_requests_at_once_on_one_connection(connect):
    client = await connect()
    nap = await running(client.call("alice", "slow", "nap", {"seconds": 1.0, "mark": "a"}))
    assert await client.pending_cards("alice") == []  # answered while the nap runs
    assert await client.audit(limit=5) is not None
    assert not nap.done
    events = await events_of(nap)
    assert [e.status for e in events if isinstance(e, ev.ActionFinished)] == ["ok"]
    assert await marks(client) == 1


async def test_cancel_stops_the_turn_and_commits_nothing(connect):
    client = await connect()
    turn = await running(client.call("alice", "slow", "nap", {"seconds": 1.0, "mark": "x"}))
    assert await turn.cancel() is True
    rest = await asyncio.wait_for(events_of(turn), 5)
    assert not [e for e in rest if isinstance(e, ev.ActionFinished) and e.ok]
    assert await turn.cancel() is False  # already over
    await asyncio.sleep(1.3)  # past the nap: nothing may commit late
    assert await marks(client) == 0


async def test_cancelling_the_iterating_task_cancels_the_turn(connect):
    client = await connect()
    turn = client.call("alice", "slow", "nap", {"seconds": 1.0, "mark": "esc"})
    consumer = asyncio.ensure_future(events_of(turn))
    await asyncio.sleep(0.3)
    consumer.cancel()  # Esc in the TUI
    with pytest.raises(asyncio.CancelledError):
        await consumer
    await asyncio.sleep(1.3)
    assert await marks(client) == 0


async def test_a_client_that_disconnects_mid_call_cancels_it(connect, service):
    leaving = await connect()
    await running(leaving.call("alice", "slow", "nap", {"seconds": 1.0, "mark": "orphan"}))
    await leaving.close()
    await asyncio.sleep(1.3)
    staying = await connect()
    assert await marks(staying) == 0
    assert len(service.connections) == 1


async def test_a_lost_connection_ends_open_turns_with_an_error(connect, service):
    client = await connect()
    turn = await running(client.call("alice", "slow", "nap", {"seconds": 5}))
    await service.close_connections(grace=0)
    events = await asyncio.wait_for(events_of(turn), 5)
    assert events[-1] == ev.Error(ev.INTERNAL, "the connection to the kernel was lost")
    assert client.closed.is_set()
    with pytest.raises(ConnectionError):
        await client.audit()


async def test_a_90_kb_note_body_fits(connect):
    session = (await connect()).session("alice")
    body = "x" * 90_000
    events = await events_of(session.call("notes", "create_note", {"title": "big", "body": body}))
    (done,) = [e for e in events if isinstance(e, ev.ActionFinished)]
    assert done.ok, done
    listed = await events_of(session.call("notes", "list_notes", {}))
    (found,) = [e for e in listed if isinstance(e, ev.ActionFinished)]
    assert [n["title"] for n in found.data["notes"]] == ["big"]


async def test_a_request_over_the_limit_is_answered_and_the_connection_goes_on(rpc_kernel, connect):
    small = KernelService(rpc_kernel, fingerprint=FP, max_frame=64 * 1024)
    folder = short_dir()
    server = await asyncio.start_unix_server(small.handle, path=str(folder / "s.sock"))
    try:
        client = await AsyncClient.connect(folder / "s.sock", fingerprint=FP)
        turn = client.call("alice", "notes", "create_note", {"title": "t", "body": "y" * 100_000})
        events = await events_of(turn)
        assert [e.code for e in events] == ["request_too_large"]
        assert "at most 64.0 KiB" in events[0].message
        assert await client.audit(limit=5) == []  # nothing ran, and the connection still works
        await client.close()
    finally:
        server.close()
        await small.close_connections(grace=0)
        shutil.rmtree(folder, ignore_errors=True)


async def test_the_client_refuses_to_send_a_request_over_the_limit(connect):
    client = await connect(max_frame=64 * 1024)
    turn = client.call("alice", "notes", "create_note", {"title": "t", "body": "z" * 100_000})
    (error,) = await events_of(turn)
    assert error.code == "request_too_large" and error.message.startswith("not sent")
    assert await client.audit(limit=5) == []


def raw_exchange(path, *frames: bytes, expect: int) -> list[dict]:
    """Send raw frames on a fresh connection and read `expect` answers."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(str(path))
    with sock, sock.makefile("rb") as stream:
        for data in frames:
            sock.sendall(data)
        answers = []
        for _ in range(expect):
            size = HEADER.unpack(stream.read(4))[0]
            answers.append(json.loads(stream.read(size)))
        return answers


async def test_hello_first_and_bad_frames_keep_the_connection(socket_file):
    garbage = b"{not json"
    answers = await asyncio.to_thread(
        raw_exchange,
        socket_file,
        encode(m.request(1, "audit", {})),
        HEADER.pack(len(garbage)) + garbage,
        encode(["not", "an", "object"]),
        encode(m.request(2, "hello", {"fingerprint": FP})),
        encode(m.request(3, "nope", {})),
        encode(m.request(4, "call", {"app_id": "notes", "function": "list_notes"})),
        expect=6,
    )
    by_id = {a.get("id"): a for a in answers if a.get("id") is not None}
    assert by_id[1]["error"]["code"] == m.HELLO_FIRST
    assert [a["error"]["code"] for a in answers if a.get("id") is None] == [
        m.PARSE_ERROR,
        m.INVALID_REQUEST,
    ]
    assert by_id[2]["result"]["pid"] == os.getpid()
    assert by_id[3]["error"]["code"] == m.METHOD_NOT_FOUND
    assert by_id[4]["error"]["code"] == m.INVALID_PARAMS and "user" in by_id[4]["error"]["message"]


async def test_a_stale_client_makes_the_kernel_step_aside(socket_file, service):
    with pytest.raises(KernelUnavailable, match="stale"):
        await AsyncClient.connect(socket_file, fingerprint="other code")
    assert service.stopping.is_set()


async def test_a_probe_sees_staleness_without_stopping_it(socket_file, service):
    probe = await AsyncClient.connect(socket_file, fingerprint="other code", probe=True)
    assert probe.stale and not service.stopping.is_set()
    with pytest.raises(m.RpcError) as raised:
        await probe.audit()
    assert raised.value.code == m.STALE
    await probe.shutdown()
    assert service.stopping.is_set()
    await probe.close()


async def test_subscribe_streams_the_users_proactive_events(connect, rpc_kernel):
    client = await connect()
    alice, bob = client.subscribe("alice"), client.subscribe("bob")
    assert await alice.started() and await bob.started()
    rpc_kernel.publish("alice", ev.ProactiveMessage("notes", "hello alice"))
    assert await asyncio.wait_for(alice.__anext__(), 5) == ev.ProactiveMessage(
        "notes", "hello alice"
    )
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(asyncio.shield(bob.__anext__()), 0.3)
    assert await alice.cancel() is True
    assert [e async for e in alice] == []  # ends quietly
    await bob.aclose()


async def test_render_pending_cards_and_confirm_with_the_digest(connect):
    session = (await connect()).session("alice")
    await events_of(session.send("create a note titled Old"))
    (card,) = [
        e.card
        for e in await events_of(session.send("delete the note Old"))
        if isinstance(e, ev.ConfirmationRequired)
    ]
    assert await session.pending_cards() == [card]
    wrong = await events_of(session.confirm(card.card_id, "00000000"))
    assert [e.code for e in wrong if isinstance(e, ev.Error)] == [ev.DIGEST_MISMATCH]
    done = await events_of(session.confirm(card.card_id, card.digest))
    assert [e.status for e in done if isinstance(e, ev.ActionFinished)] == ["ok"]
    assert await session.pending_cards() == []
    tree = await session.render("notes", "notes", {})
    assert isinstance(tree, dict) and "type" in tree


async def test_tasks_answer_or_say_they_are_not_available(connect):
    client = await connect()
    try:
        rows = await client.tasks("alice")
    except m.RpcError as exc:
        assert exc.code == m.NOT_AVAILABLE and "tasks" in exc.message
    else:
        assert isinstance(rows, list)
        assert await client.cancel_task("alice", "no-such-task") is False


def test_an_unencodable_event_is_replaced_not_dropped():
    finished = {
        "type": "ActionFinished",
        "step_id": "s1",
        "app_id": "a",
        "function": "f",
        "action_type": "read",
        "args": {},
        "status": "ok",
        "data": {"x": math.nan},
        "error": "",
    }
    fixed = _unencodable(finished, ValueError("Out of range float values are not JSON compliant"))
    assert fixed["data"] is None and "could not be sent" in fixed["error"]
    other = _unencodable({"type": "TextDelta", "text": object()}, TypeError("no"))
    assert other["type"] == "Error" and "TextDelta" in other["message"]


async def test_an_answer_that_cannot_be_encoded_is_an_error_not_silence(rpc_kernel, connect):
    import sqlite3

    conn = sqlite3.connect(rpc_kernel.db.path)  # a ledger cell edited into a blob
    conn.execute("DROP TRIGGER ledger_update_only_prunes")
    await events_of(rpc_kernel.session("alice").call("slow", "marks", {}))
    conn.execute("UPDATE ledger SET args_json = x'ff00' WHERE id = 1")
    conn.commit()
    conn.close()
    client = await connect()
    with pytest.raises(Exception, match="could not be encoded") as raised:
        await client.audit(limit=5)
    assert not isinstance(raised.value, (asyncio.TimeoutError, KernelUnavailable))
    assert await client.ledger_status()  # the connection goes on
