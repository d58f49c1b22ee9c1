"""The anchored ledger (issue 10 point 2): a keyed chain and a head kept outside the database.

Every tampering case is done to a real SQLite file written by a real kernel, and checked with
`imperal-shell audit verify` in-process (exit 0 or 1, the first bad or missing row named)."""

import asyncio
import json
import logging
import sqlite3

import pytest

from imperal_tui.cli import main
from kernel import Kernel, KernelConfig, anchor, ledger
from kernel.canonical import canonical_json
from kernel.db import Database
from kernel.stages import record


async def _kernel_rows(n):
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        for i in range(n):
            [e async for e in s.send(f"add a task number {i}")]


@pytest.fixture
async def filled(home):
    await _kernel_rows(3)
    return home


def verify(capsys):
    capsys.readouterr()
    code = main(["audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def tamper(home, *statements):
    conn = sqlite3.connect(home / "kernel.db")
    conn.execute("DROP TRIGGER IF EXISTS ledger_no_update")
    conn.execute("DROP TRIGGER IF EXISTS ledger_update_only_prunes")
    conn.execute("DROP TRIGGER IF EXISTS ledger_no_delete")
    for sql, *params in statements:
        conn.execute(sql, *params)
    conn.commit()
    conn.close()


def rows(home):
    conn = sqlite3.connect(home / "kernel.db")
    conn.row_factory = sqlite3.Row
    found = [dict(r) for r in conn.execute("SELECT * FROM ledger ORDER BY id")]
    conn.close()
    return found


def test_an_intact_ledger_verifies(filled, capsys):
    assert verify(capsys) == (0, {"ok": True, "rows": 3, "row": None, "reason": ""})
    head = json.loads((filled / anchor.HEAD_FILE).read_text())
    assert (head["count"], head["last_id"]) == (3, 3)
    assert head["row_hash"] == rows(filled)[-1]["row_hash"]
    assert (filled / anchor.HEAD_FILE).stat().st_mode & 0o777 == 0o600
    assert main(["audit", "verify"]) == 0


def test_deleting_the_newest_rows_names_the_first_missing(filled, capsys):
    tamper(filled, ("DELETE FROM ledger WHERE id > 1",))
    code, out = verify(capsys)
    assert (code, out["row"]) == (1, 2)
    assert "missing" in out["reason"]


def test_renumbering_is_detected(filled, capsys):
    tamper(filled, ("DELETE FROM ledger WHERE id = 2",), ("UPDATE ledger SET id = 2 WHERE id = 3",))
    code, out = verify(capsys)
    assert (code, out["row"]) == (1, 2)


def test_a_forged_row_with_a_correct_plain_hash_is_detected(filled, capsys):
    last = rows(filled)[-1]
    forged = {**last, "args_json": '{"title":"forged"}', "prev_hash": last["row_hash"]}
    forged["row_hash"] = ledger.row_hash(last["row_hash"], forged)
    cols = [*ledger.HASHED_FIELDS, "prev_hash", "row_hash"]
    tamper(filled, (f"INSERT INTO ledger (id, {', '.join(cols)}) VALUES "
                    f"(4, {', '.join('?' * len(cols))})", [forged[c] for c in cols]))  # fmt: skip
    code, out = verify(capsys)
    assert (code, out["row"]) == (1, 4)
    assert "hash does not match" in out["reason"]


def test_an_edit_rechained_with_plain_hashes_is_detected(filled, capsys):
    found = rows(filled)
    found[1]["args_json"] = '{"title":"edited"}'
    prev, updates = found[0]["row_hash"], []
    for r in found[1:]:
        r["prev_hash"] = prev
        r["row_hash"] = prev = ledger.row_hash(prev, r)
        updates.append(("UPDATE ledger SET args_json=?, prev_hash=?, row_hash=? WHERE id=?",
                        [r["args_json"], r["prev_hash"], r["row_hash"], r["id"]]))  # fmt: skip
    tamper(filled, *updates)
    code, out = verify(capsys)
    assert (code, out["row"]) == (1, 2)


def test_an_edited_head_file_is_detected(filled, capsys):
    path = filled / anchor.HEAD_FILE
    head = json.loads(path.read_text())
    path.write_text(json.dumps({**head, "count": 1, "last_id": 1}))
    code, out = verify(capsys)
    assert code == 1 and "does not match the ledger key" in out["reason"]


async def test_a_deleted_head_fails_then_the_kernel_re_anchors_and_says_so(filled, capsys):
    (filled / anchor.HEAD_FILE).unlink()
    code, out = verify(capsys)
    assert code == 1 and "head file" in out["reason"] and "missing" in out["reason"]
    await _kernel_rows(0)  # the next start appends an anchor row recording the loss
    newest = rows(filled)[-1]
    assert (newest["app_id"], newest["function"]) == (anchor.APP_ID, anchor.FUNCTION)
    assert json.loads(newest["args_json"])["reason"] == "head file missing"
    code, out = verify(capsys)
    assert code == 0 and out["reanchored"][0]["row"] == newest["id"]
    assert out["reanchored"][0]["reason"] == "head file missing"


async def test_deleting_the_newest_rows_and_the_head_stays_on_record(filled, capsys):
    tamper(filled, ("DELETE FROM ledger WHERE id = 3",))
    (filled / anchor.HEAD_FILE).unlink()
    await _kernel_rows(0)  # a start re-anchors after row 2
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    err = capsys.readouterr().err
    assert "re-anchored after row 2" in err and "head file missing" in err


async def test_the_kernel_warns_at_start_when_the_ledger_does_not_verify(filled, caplog):
    tamper(filled, ("UPDATE ledger SET status='error' WHERE id = 2",))
    with caplog.at_level(logging.WARNING, logger="kernel"):
        async with await Kernel.open(KernelConfig.load()) as k:
            await k._ledger_check
            assert "row 2" in k.ledger_problem
            assert await k.verify_ledger() == 2
    assert any("does not verify" in r.getMessage() for r in caplog.records)


async def test_an_old_plain_hash_ledger_is_migrated_with_an_anchor_row(home, capsys):
    db = await Database.open(home / "kernel.db")  # no anchor: rows as before issue 10
    call = record.Call("alice", "tasks", "add_task", "cli")
    for _ in range(2):
        await db.commit(None, record.entry(call, "write", "{}", "ok", ledger.utcnow()))
    await db.close()
    await _kernel_rows(1)
    found = rows(home)
    assert [r["function"] for r in found] == ["add_task", "add_task", anchor.FUNCTION, "add_task"]
    args = json.loads(found[2]["args_json"])
    assert args == {"reason": "plain-hash ledger anchored", "previous_rows": 2,
                    "previous_hash": found[1]["row_hash"]}  # fmt: skip
    assert found[0]["row_hash"] == ledger.row_hash(ledger.GENESIS, found[0])  # kept as they were
    assert verify(capsys) == (0, {"ok": True, "rows": 4, "row": None, "reason": ""})
    # the plain history is still checked, and cannot be extended with plain rows
    tamper(home, ("UPDATE ledger SET user_id='mallory' WHERE id = 1",))
    assert verify(capsys)[1]["row"] == 1


async def test_an_action_commits_while_verify_reads(home):
    async with await Kernel.open(KernelConfig.load()) as k:
        call = record.Call("alice", "tasks", "add_task", "cli")
        for _ in range(5):
            await k.db.commit(None, record.entry(call, "write", "{}", "ok", ledger.utcnow()))
        config = k.config
        # the reader holds its snapshot open while the writer commits through its own lock
        verifying = asyncio.to_thread(
            anchor.verify_file, config.db_path, config.data_dir, config.config_dir
        )
        writes = [k.db.commit(None, record.entry(call, "write", "{}", "ok", ledger.utcnow()))
                  for _ in range(20)]  # fmt: skip
        verdict, *ids = await asyncio.gather(verifying, *writes)
        assert verdict.ok and verdict.rows >= 5
        assert len(set(ids)) == 20
        assert (await k.check_ledger()).ok


async def test_a_large_request_that_runs_leaves_a_bounded_row(home):
    body = "y" * 90_000
    async with await Kernel.open(KernelConfig.load()) as k:
        s = k.session("alice")
        events = [e async for e in s.call("notes", "create_note", {"title": "big", "body": body})]
        assert events
        (row,) = await k.audit(limit=1)
    assert row["status"] == "ok"
    assert len(row["args_json"]) < 1024
    omitted = json.loads(row["args_json"])["$omitted"]
    whole = canonical_json({"body": body, "folder": "", "title": "big"})
    assert omitted["bytes"] > record.ARGS_MAX
    assert set(omitted) == {"bytes", "sha256"}
    assert len(whole) > record.ARGS_MAX


async def test_audit_filters_and_export(filled, capsys):
    async with await Kernel.open(KernelConfig.load()) as k:
        [e async for e in k.session("bob").call("notes", "nope", {"x": 1})]  # an error row
    capsys.readouterr()
    assert main(["audit", "--json", "--user", "bob"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["user_id"], row["app_id"], row["status"]) == ("bob", "notes", "error")
    assert main(["audit", "--json", "--app", "tasks", "--status", "ok", "--limit", "2"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["rows"]] == [2, 3]
    assert main(["audit", "--json", "--since", "2999-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == []
    assert main(["audit", "export", "--jsonl", "--user", "alice"]) == 0
    lines = capsys.readouterr().out.splitlines()
    exported = [json.loads(line) for line in lines]
    assert [r["id"] for r in exported] == [1, 2, 3]
    assert ledger.walk(exported, None, None).row == 1  # hashes kept; keyed, so the key is needed
    assert main(["audit", "--since", "yesterday"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["audit", "export"]) == 2


async def test_export_escapes_c1_controls_and_bidi_overrides(filled, capsys):
    async with await Kernel.open(KernelConfig.load()) as k:
        title = "x\x9b31m\u202eevil\x7f"
        [e async for e in k.session("bob").call("tasks", "add_task", {"title": title})]
    capsys.readouterr()
    assert main(["audit", "export", "--jsonl", "--user", "bob"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x9b\u202e\x7f"), out
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert title in row["args_json"]  # the same text, escaped


def test_a_cell_of_a_type_the_ledger_never_writes_is_reported(filled, capsys):
    tamper(filled, ("UPDATE ledger SET args_json = x'ff00', status = 1.5 WHERE id = 2",))
    code, out = verify(capsys)
    assert (code, out["row"]) == (1, 2), out
    assert "row 2" in out["reason"]
