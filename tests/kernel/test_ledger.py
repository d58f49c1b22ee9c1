import sqlite3

import pytest

from kernel import anchor, ledger
from kernel.canonical import canonical_json, sha256_hex
from kernel.db import Database


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    assert sha256_hex("x") == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"


async def test_every_action_writes_a_chained_row(kernel, send):
    await send("add a task buy milk")
    await send("frobnicate the widgets")  # unmapped: no action, no row
    await send("notes.nope x=1")  # attempted: error row
    rows = await kernel.audit(limit=10)
    assert [(r["app_id"], r["function"], r["status"]) for r in rows] == [
        ("tasks", "add_task", "ok"),
        ("notes", "nope", "error"),
    ]
    first = rows[0]
    assert first["user_id"] == "alice"
    assert first["action_type"] == "write"
    assert first["args_json"] == '{"due":"","priority":"normal","title":"buy milk"}'
    assert first["args_sha256"] == sha256_hex(first["args_json"])
    assert first["retention_class"] == "federal_7y"
    assert first["started_at"] <= first["ended_at"]
    assert first["prev_hash"] == ledger.GENESIS
    assert rows[1]["prev_hash"] == first["row_hash"]
    assert await kernel.verify_ledger() is None


async def test_ledger_is_append_only_and_tampering_is_detected(kernel, send, home):
    await send("add a task one")
    await send("add a task two")
    await kernel.close()
    conn = sqlite3.connect(home / "kernel.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE ledger SET status='ok' WHERE id=1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM ledger WHERE id=1")
    # someone with the file drops the guard and rewrites history
    conn.execute("DROP TRIGGER ledger_update_only_prunes")
    conn.execute("""UPDATE ledger SET args_json='{"title":"three"}' WHERE id=1""")
    conn.commit()
    conn.close()
    verdict = anchor.verify_file(home / "kernel.db", home, home)  # with the key and head
    assert (verdict.ok, verdict.row) == (False, 1)


async def test_schema_version_newer_than_program_is_refused(home):
    from kernel.db import DatabaseError

    path = home / "kernel.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(DatabaseError, match="newer"):
        await Database.open(path)


async def test_wal_mode(kernel):
    async with kernel.db.conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
