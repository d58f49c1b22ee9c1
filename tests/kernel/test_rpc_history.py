"""The chat history over the kernel protocol: one conversation per connection and user,
`send` with `continue`, the `history` and `new_conversation` methods, and their bad input."""

from __future__ import annotations

import asyncio
import contextlib
import shutil

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.rpc import messages as m
from kernel.rpc.async_client import AsyncClient
from kernel.rpc.dispatch import KernelService
from tests.kernel.rpc_support import FP, events_of, short_dir


@pytest.fixture
async def connect(home):
    k = await Kernel.open(KernelConfig.load())
    service = KernelService(k, fingerprint=FP)
    folder = short_dir()
    server = await asyncio.start_unix_server(service.handle, path=str(folder / "k.sock"))
    clients = []

    async def make() -> AsyncClient:
        client = await AsyncClient.connect(folder / "k.sock", fingerprint=FP)
        clients.append(client)
        return client

    yield make
    for client in clients:
        with contextlib.suppress(Exception):
            await client.close()
    server.close()
    await service.close_connections(grace=0)
    await k.close()
    shutil.rmtree(folder, ignore_errors=True)


def cards(events):
    return [e for e in events if isinstance(e, ev.ConfirmationRequired)]


async def test_turns_on_one_connection_share_a_conversation(connect):
    client = await connect()
    alice = client.session("alice")
    await events_of(alice.send("add a note Groceries"))
    (req,) = cards(await events_of(alice.send("delete it")))
    await events_of(alice.confirm(req.card.card_id))
    (conv,) = (await client.history("alice"))["conversations"]
    assert conv["messages"] == 5 and conv["title"] == "add a note Groceries"
    shown = (await client.history("alice", conversation_id=conv["id"]))["conversation"]
    assert shown["messages"][-1]["meta"]["card_id"] == req.card.card_id
    (hit,) = (await client.history("alice", search="groceries delete"))["matches"]
    assert hit["role"] == "assistant" and hit["conversation_id"] == conv["id"]


async def test_a_new_connection_continues_or_starts_afresh(connect):
    first = await connect()
    await events_of(first.send("alice", "add a note Groceries"))
    await first.close()
    second = await connect()
    (req,) = cards(await events_of(second.send("alice", "delete it", continue_last=True)))
    assert req.card.function == "delete_note"
    third = await connect()
    assert not cards(await events_of(third.send("alice", "delete it")))  # a new conversation
    assert len((await third.history("alice"))["conversations"]) == 2


async def test_new_conversation_and_a_named_one(connect):
    client = await connect()
    alice = client.session("alice")
    await events_of(alice.send("add a note Groceries"))
    (conv,) = (await client.history("alice"))["conversations"]
    await alice.new_conversation()
    await events_of(alice.send("show my notes"))
    assert len((await client.history("alice"))["conversations"]) == 2
    (req,) = cards(await events_of(alice.send("delete it", conversation_id=conv["id"])))
    assert req.card.function == "delete_note"
    (err,) = await events_of(client.send("bob", "delete it", conversation_id=conv["id"]))
    assert err.code == ev.CONVERSATION_NOT_FOUND
    assert (await client.history("bob", conversation_id=conv["id"])) == {"conversation": None}


@pytest.mark.parametrize(
    "params",
    [
        {"user": "alice", "search": "x", "id": "conv_1"},
        {"user": "alice", "limit": 0},
        {"user": "alice", "limit": "5"},
        {"user": "alice", "search": 5},
        {"user": "alice", "id": ""},
        {"user": ""},
    ],
)
async def test_history_bad_params(connect, params):
    client = await connect()
    with pytest.raises(m.RpcError) as err:
        await client.request("history", params)
    assert err.value.code == m.INVALID_PARAMS


@pytest.mark.parametrize("extra", [{"continue": "yes"}, {"conversation_id": 7}])
async def test_send_bad_params_run_nothing(connect, extra):
    client = await connect()
    turn = client.stream("send", {"user": "alice", "message": "add a note X", **extra})
    (err,) = await events_of(turn)
    assert err.code == "invalid_request"
    assert (await client.history("alice"))["conversations"] == []
