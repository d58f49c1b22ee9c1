"""Cards live in SQLite: they survive closing the database and are answered exactly once."""

import asyncio
import time

import pytest

from kernel.cards import CardExpired, CardStore, PendingCard, new_card_id
from kernel.db import Database
from kernel.events import Card


def card(app="notes") -> Card:
    return Card(
        new_card_id(), "s1", app, "delete_note", "destructive", '{"id":"x"}', "ab" * 32, "d"
    )


@pytest.fixture
async def db(tmp_path):
    d = await Database.open(tmp_path / "kernel.db")
    yield d
    await d.close()


async def test_a_card_survives_reopening_the_database(tmp_path):
    path = tmp_path / "kernel.db"
    db = await Database.open(path)
    shown = card()
    steps = [{"step_id": "s2", "app_id": "notes", "function": "list", "args": {"q": "é"}}]
    await CardStore(db).add(PendingCard(shown, "alice", "cli", steps))
    await db.close()

    db = await Database.open(path)
    cards = CardStore(db)
    assert await cards.pending("alice") == [shown]
    assert await cards.pending("bob") == []
    taken = await cards.take(shown.card_id, "alice")
    assert (taken.card, taken.user_id, taken.source, taken.continuation) == (
        shown,
        "alice",
        "cli",
        steps,
    )
    assert await cards.take(shown.card_id, "alice") is None  # answered once
    assert await cards.pending("alice") == []
    await db.close()


async def test_only_the_user_it_was_shown_to_can_take_it(db):
    cards = CardStore(db)
    shown = card()
    await cards.add(PendingCard(shown, "alice", "chat"))
    assert await cards.take(shown.card_id, "bob") is None
    assert await cards.take("card_nope", "alice") is None
    assert (await cards.take(shown.card_id, "alice")).card == shown


async def test_two_concurrent_confirms_run_it_once(db):
    cards = CardStore(db)
    shown = card()
    await cards.add(PendingCard(shown, "alice", "chat"))
    results = await asyncio.gather(*(cards.take(shown.card_id, "alice") for _ in range(10)))
    assert sum(r is not None for r in results) == 1


async def test_expired_cards_are_not_pending_and_cannot_run(db):
    cards = CardStore(db, ttl=60)
    old = PendingCard(card(), "alice", "chat", created=time.time() - 61)
    fresh = PendingCard(card(), "alice", "chat")
    await cards.add(old)
    await cards.add(fresh)
    assert await cards.pending("alice") == [fresh.card]
    with pytest.raises(CardExpired):
        await cards.take(old.card.card_id, "alice")
    assert await cards.take(old.card.card_id, "alice") is None


async def test_continuation_must_be_json(db):
    with pytest.raises(ValueError, match="JSON"):
        await CardStore(db).add(PendingCard(card(), "alice", "chat", [object()]))
    assert await CardStore(db).pending("alice") == []
