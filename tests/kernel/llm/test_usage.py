"""kernel.llm.usage against a real database file: rows recorded, totals per user and app."""

from datetime import UTC, datetime

import pytest

from kernel.db import Database
from kernel.llm.base import Completion
from kernel.llm.usage import record_usage, tokens_of, totals


@pytest.fixture
async def db(tmp_path):
    database = await Database.open(tmp_path / "kernel.db")
    yield database
    await database.close()


def answer(model="m1", input_tokens=10, output_tokens=3):
    usage = {"input_tokens": input_tokens, "output_tokens": output_tokens}
    return Completion(text="ok", model=model, usage=usage)


async def rows(db):
    async with db.read() as conn, conn.execute("SELECT * FROM llm_usage ORDER BY id") as cur:
        return [dict(r) for r in await cur.fetchall()]


async def test_a_completion_is_one_row(db):
    row_id = await record_usage(db, "alice", "notes", "ctx.ai", "openai", answer(), ts=100.0)
    (row,) = await rows(db)
    assert row == {"id": row_id, "ts": 100.0, "user_id": "alice", "app_id": "notes",
                   "purpose": "ctx.ai", "provider": "openai", "model": "m1",
                   "input_tokens": 10, "output_tokens": 3}  # fmt: skip


async def test_totals_group_by_user_and_app(db):
    await record_usage(db, "alice", "notes", "ctx.ai", "openai", answer(), ts=100.0)
    await record_usage(db, "alice", "notes", "ctx.ai", "openai", answer("m2", 5, 7), ts=200.0)
    await record_usage(db, "alice", "", "classify", "ollama", answer("m1", 50, 20), ts=150.0)
    await record_usage(db, "bob", "notes", "ctx.ai", "openai", answer("m1", 1, 1), ts=300.0)
    assert await totals(db) == [
        {"user_id": "alice", "app_id": "", "calls": 1, "input_tokens": 50, "output_tokens": 20,
         "total_tokens": 70, "first_ts": 150.0, "last_ts": 150.0},
        {"user_id": "alice", "app_id": "notes", "calls": 2, "input_tokens": 15,
         "output_tokens": 10, "total_tokens": 25, "first_ts": 100.0, "last_ts": 200.0},
        {"user_id": "bob", "app_id": "notes", "calls": 1, "input_tokens": 1, "output_tokens": 1,
         "total_tokens": 2, "first_ts": 300.0, "last_ts": 300.0},
    ]  # fmt: skip
    assert [t["user_id"] for t in await totals(db, user_id="bob")] == ["bob"]
    assert await totals(db, user_id="carol") == []
    recent = await totals(db, since=200.0)
    assert [(t["user_id"], t["app_id"], t["calls"]) for t in recent] == [
        ("alice", "notes", 1),
        ("bob", "notes", 1),
    ]
    as_datetime = await totals(db, user_id="alice", since=datetime.fromtimestamp(150, UTC))
    assert [(t["app_id"], t["input_tokens"]) for t in as_datetime] == [("", 50), ("notes", 5)]


async def test_odd_token_reports_count_as_zero_and_dicts_are_accepted(db):
    await record_usage(db, "alice", "notes", "ctx.ai", "openai",
                       {"model": "m", "usage": {"input_tokens": -4, "output_tokens": "9"}})  # fmt: skip
    await record_usage(db, "alice", "notes", "ctx.ai", "openai", Completion(text="", usage=None))
    assert [(r["model"], r["input_tokens"], r["output_tokens"]) for r in await rows(db)] == [
        ("m", 0, 0),
        ("", 0, 0),
    ]
    assert tokens_of(answer("x", 2, True)) == ("x", 2, 0)


@pytest.mark.parametrize(
    "user_id, app_id, purpose, provider",
    [
        ("", "notes", "ctx.ai", "openai"),
        ("alice", None, "ctx.ai", "openai"),
        ("alice", "notes", "", "openai"),
        ("alice", "notes", "ctx.ai", 7),
    ],  # fmt: skip
)
async def test_bad_arguments_are_refused_and_write_nothing(db, user_id, app_id, purpose, provider):
    with pytest.raises(ValueError, match="llm usage"):
        await record_usage(db, user_id, app_id, purpose, provider, answer())
    assert await rows(db) == []


async def test_bad_filters_are_refused(db):
    with pytest.raises(ValueError, match="since"):
        await totals(db, since="yesterday")
    with pytest.raises(ValueError, match="user_id"):
        await totals(db, user_id="")
