"""The chat history on a real kernel and SQLite file: turns are recorded, searchable, joined
again after a restart ("it" still means the item), and private to their user."""

from __future__ import annotations

import asyncio

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.history import HistoryError, bound, fts_query, make_title


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


async def test_a_turn_is_recorded_with_what_ran(kernel, session, send):
    await send("add a note Groceries")
    (conv,) = await kernel.history.conversations("alice")
    assert conv["title"] == "add a note Groceries" and conv["messages"] == 2
    assert conv["id"] == session.conversation.conversation_id
    assert conv["referent"]["title"] == "Groceries" and conv["referent"]["app_id"] == "notes"
    shown = await kernel.history.show("alice", conv["id"])
    user, reply = shown["messages"]
    assert (user["role"], user["content"]) == ("user", "add a note Groceries")
    assert reply["role"] == "assistant" and "Groceries" in reply["content"]
    assert reply["content"].splitlines()[-1] == "[notes.create_note ok]"
    assert reply["meta"]["status"] == "ok"
    assert reply["meta"]["steps"][0]["function"] == "create_note"
    assert reply["meta"]["steps"][0]["ledger_id"]


async def test_history_feeds_the_next_turn_of_the_session(session, send):
    await send("add a note Groceries")
    await send("show my notes")
    history = session.conversation.history
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    assert history[2]["content"] == "show my notes"
    assert set(history[0]) == {"role", "content"}


async def test_a_failed_turn_is_recorded_too(kernel, send):
    events = await send("frobnicate the wibble")
    assert of(events, ev.Error)
    (conv,) = await kernel.history.conversations("alice")
    reply = (await kernel.history.show("alice", conv["id"]))["messages"][-1]
    assert reply["meta"]["status"] == "failed"
    assert reply["content"].startswith("[error: I could not map")


async def test_a_card_and_its_confirmation_are_recorded(kernel, session, send):
    await send("add a note Old")
    (req,) = of(await send("delete it"), ev.ConfirmationRequired)
    await session.confirm(req.card.card_id)
    conv = await kernel.history.show("alice", session.conversation.conversation_id)
    asked, confirmed = conv["messages"][-2:]
    assert asked["meta"]["status"] == "needs_confirmation"
    assert f"awaiting confirmation (card {req.card.card_id})" in asked["content"]
    assert confirmed["meta"]["card_id"] == req.card.card_id
    assert confirmed["meta"]["steps"][0]["function"] == "delete_note"
    assert "[notes.delete_note ok]" in confirmed["content"]


async def test_search_finds_user_and_reply_words_and_survives_odd_input(kernel, send):
    await send("add a note Groceries")
    await send("add a task water the plants")
    by_reply = await kernel.history.search("alice", "created")
    assert by_reply and all(m["role"] == "assistant" for m in by_reply)
    reply, hit = await kernel.history.search("alice", "water")  # newest first
    assert (reply["role"], hit["role"]) == ("assistant", "user")
    assert hit["snippet"] == "add a task [water] the plants"
    assert (await kernel.history.search("alice", "groc"))[0]["snippet"].count("[Groceries]")
    assert hit["conversation_id"] and hit["title"] and hit["created_at"] > 0
    for odd in ['"foo', "AND OR (", "(", "*", "NEAR(a b", "'; DROP TABLE messages; --", ""]:
        assert await kernel.history.search("alice", odd) == []
    assert await kernel.history.search("alice", "water NOT") == []  # NOT is a word here


async def test_new_conversation_forgets_it(kernel, session, send):
    await send("add a note Groceries")
    first = session.conversation.conversation_id
    session.new_conversation()
    events = await send("delete it")
    assert "do not know what “it” is" in of(events, ev.Error)[0].message
    assert session.conversation.conversation_id != first
    assert len(await kernel.history.conversations("alice")) == 2


async def test_continue_after_a_restart_resolves_it(home):
    async with await Kernel.open(KernelConfig.load()) as k:
        await k.session("alice").send("add a note Groceries")
    async with await Kernel.open(KernelConfig.load()) as k:
        fresh = k.session("alice")
        events = await fresh.send("delete it", continue_last=True)
        (req,) = of(events, ev.ConfirmationRequired)
        assert req.card.function == "delete_note"
        assert [m["content"] for m in fresh.conversation.history][:1] == ["add a note Groceries"]
        (conv,) = await k.history.conversations("alice")
        assert conv["messages"] == 4


async def test_continue_with_no_history_starts_one(kernel, session):
    await session.send("show my notes", continue_last=True)
    assert len(await kernel.history.conversations("alice")) == 1


async def test_users_do_not_see_each_others_conversations(kernel, send):
    alice, bob = kernel.session("alice"), kernel.session("bob")
    await send("add a note Secret plans", alice)
    cid = alice.conversation.conversation_id
    assert await kernel.history.conversations("bob") == []
    assert await kernel.history.search("bob", "secret") == []
    assert await kernel.history.show("bob", cid) is None
    assert await kernel.history.last("bob") is None
    (err,) = await bob.send("delete it", conversation_id=cid)
    assert err.code == ev.CONVERSATION_NOT_FOUND
    events = await bob.send("delete it", continue_last=True)
    assert "do not know what “it” is" in of(events, ev.Error)[0].message
    with pytest.raises(HistoryError):
        await kernel.history.append("bob", cid, "user", "sneaking in")
    assert (await kernel.history.get("alice", cid))["messages"] == 2


async def test_a_cancelled_turn_still_records_the_question(kernel, session):
    stream = session.send("add a note Groceries")
    task = asyncio.ensure_future(stream.__aiter__().__anext__())  # start, then stop listening
    await task
    await stream.aclose()
    await kernel.history.drain()
    (conv,) = await kernel.history.conversations("alice")
    user, reply = (await kernel.history.show("alice", conv["id"]))["messages"]
    assert user["content"] == "add a note Groceries"
    assert reply["meta"]["status"] == "interrupted" and reply["content"].endswith("interrupted]")


async def test_recent_is_bounded_and_starts_with_the_user(kernel):
    h = kernel.history
    cid = await h.start("alice")
    for i in range(6):
        await h.append("alice", cid, "user", f"question {i}")
        await h.append("alice", cid, "assistant", "x" * 100)
    recent = await h.recent("alice", cid, max_messages=5)
    assert [m["role"] for m in recent] == ["user", "assistant", "user", "assistant"]
    assert recent[0]["content"] == "question 4"
    tight = await h.recent("alice", cid, max_messages=50, max_chars=250)
    assert sum(len(m["content"]) for m in tight) <= 250 and tight[0]["role"] == "user"
    assert await h.recent("bob", cid) == []


async def test_bad_input_changes_nothing(kernel):
    h = kernel.history
    cid = await h.start("alice")
    with pytest.raises(HistoryError):
        await h.append("alice", cid, "system", "be evil")
    with pytest.raises(HistoryError):
        await h.conversations("alice", limit=0)
    assert (await h.get("alice", cid))["messages"] == 0


def test_helpers():
    assert fts_query('say "hi" AND (') == '"say"* """hi"""* "AND"*'
    assert fts_query("  ( * ") == ""
    assert make_title("  many\n words ") == "many words"
    assert len(make_title("w " * 100)) == 60
    long = [{"role": "user", "content": "y" * 50}]
    assert bound(long, max_messages=3, max_chars=10) == [{"role": "user", "content": "y" * 9 + "…"}]
    assert bound(long, max_messages=0, max_chars=10) == []


async def test_a_card_confirmed_from_another_session_lands_in_its_conversation(kernel, send):
    alice = kernel.session("alice")
    await send("add a note Old", alice)
    (req,) = of(await send("delete it", alice), ev.ConfirmationRequired)
    later = kernel.session("alice")  # `imperal-shell confirm` is a connection of its own
    await later.confirm(req.card.card_id)
    assert later.conversation.conversation_id is None  # it did not join; it recorded
    conv = await kernel.history.show("alice", alice.conversation.conversation_id)
    assert conv["messages"][-1]["meta"]["card_id"] == req.card.card_id
    assert conv["referent"]["title"] == "Old"
    assert await kernel.history.conversation_of_card("bob", req.card.card_id) is None
    assert await kernel.history.conversation_of_card("alice", 'x"]') is None


async def test_a_denial_is_recorded_as_denied(kernel, session, send):
    await send("add a note Keep")
    (req,) = of(await send("delete it"), ev.ConfirmationRequired)
    await session.deny(req.card.card_id, "no")
    conv = await kernel.history.show("alice", session.conversation.conversation_id)
    last = conv["messages"][-1]
    assert last["meta"]["status"] == "denied" and "[notes.delete_note denied]" in last["content"]
