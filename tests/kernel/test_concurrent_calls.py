"""Many calls at once: no handler holds the write lock while it runs, reads never wait for
writes, calls of one extension run in parallel workers, concurrent actions share commits, a
concurrent update of one document is a conflict (never a lost update), and verifying the
ledger does not stop writers."""

from __future__ import annotations

import asyncio
import time

import pytest

from kernel import Kernel, KernelConfig, ledger
from tests.kernel.fault_support import (
    EDITOR,
    FAULTY,
    STEADY,
    call,
    finished,
    ledger_row,
    marks_of,
    serving,
    started,
)

QUICK_S = 0.5  # a warm call that waits for nothing finishes well within this


@pytest.fixture
async def kernel(home, write_extension, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_INLINE_CAP_S", "3")
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "30")
    write_extension("faulty", FAULTY)
    write_extension("steady", STEADY)
    write_extension("editor", EDITOR)
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


async def timed(coro) -> tuple[float, object]:
    t0 = time.monotonic()
    value = await coro
    return time.monotonic() - t0, value


async def test_a_write_handler_holds_no_lock_while_it_runs(kernel):
    """Another user's write commits while a handler with staged writes sleeps."""
    await call(kernel, "tasks", "list_tasks", {}, "bob")  # warm workers
    slow = started(kernel, "steady", "write_then_nap", {"seconds": 2.0, "mark": "slow"})
    await asyncio.sleep(0.3)
    took, out = await timed(call(kernel, "tasks", "add_task", {"title": "quick"}, "bob"))
    assert finished(out).ok
    assert took < QUICK_S, f"a write waited {took:.2f} s for another call's handler"
    assert not slow.done()
    assert finished(await slow).ok


async def test_reads_never_wait_for_a_slow_write_and_do_not_see_it(kernel):
    await call(kernel, "steady", "nap", {"seconds": 0, "mark": "old"})
    slow = started(kernel, "steady", "write_then_nap", {"seconds": 2.0, "mark": "new"})
    await asyncio.sleep(0.3)  # "new" is staged, not committed
    took, marks = await timed(marks_of(kernel, "steady"))
    assert took < QUICK_S, f"a read waited {took:.2f} s for a slow write"
    assert marks == ["old"]  # nobody sees a write before it commits
    await call(kernel, "notes", "list_notes", {}, "bob")
    took, _ = await timed(call(kernel, "notes", "list_notes", {}, "bob"))
    assert took < QUICK_S
    assert not slow.done()
    assert finished(await slow).ok
    assert await marks_of(kernel, "steady") == ["new", "old"]


async def test_a_handler_blocking_its_thread_does_not_delay_other_users(kernel):
    await call(kernel, "notes", "list_notes", {}, "bob")
    blocker = started(kernel, "faulty", "block", {})
    await asyncio.sleep(0.3)
    took, out = await timed(call(kernel, "notes", "list_notes", {}, "bob"))
    assert finished(out).ok and took < QUICK_S
    took, out = await timed(call(kernel, "notes", "create_note", {"title": "n"}, "bob"))
    assert finished(out).ok and took < QUICK_S
    assert finished(await blocker).status == "timeout"


async def test_calls_of_one_extension_run_in_parallel_workers(kernel):
    took, outs = await timed(
        asyncio.gather(
            *(
                call(kernel, "steady", "nap", {"seconds": 1.0, "mark": f"m{n}"}, f"u{n}")
                for n in range(4)
            )
        )
    )
    assert all(finished(o).ok for o in outs)
    assert took < 2.5, f"4 one-second calls of one extension took {took:.2f} s"
    busy = await asyncio.gather(*(call(kernel, "faulty", "pid") for _ in range(4)))
    assert len({finished(b).data["pid"] for b in busy}) > 1  # served by several workers


async def test_many_concurrent_actions_all_commit_and_share_transactions(kernel):
    await call(kernel, "tasks", "list_tasks", {})
    before = (kernel.db.stats.transactions, kernel.db.stats.actions)
    outs = await asyncio.gather(
        *(call(kernel, "tasks", "add_task", {"title": f"t{n}"}, f"user{n % 10}") for n in range(80))
    )
    done = [finished(o) for o in outs]
    assert all(d.ok for d in done)
    assert len({d.ledger_id for d in done}) == 80
    transactions = kernel.db.stats.transactions - before[0]
    actions = kernel.db.stats.actions - before[1]
    assert actions == 80 and transactions < actions  # group commit
    for n in range(10):
        listing = finished(await call(kernel, "tasks", "list_tasks", {}, f"user{n}"))
        assert listing.data["count"] == 8
    assert await kernel.verify_ledger() is None


async def test_two_clients_updating_one_document_conflict_and_nothing_is_lost(kernel):
    async with serving(kernel) as connect:
        one, two = await connect(), await connect()

        async def edit(client, **args):
            return finished([e async for e in client.call("alice", "editor", "edit", args)])

        created = finished([e async for e in one.call("alice", "editor", "create", {})])
        doc_id = created.data["id"]
        slow = asyncio.ensure_future(edit(one, doc_id=doc_id, field="a", value="slow", pause=1.0))
        await asyncio.sleep(0.4)  # the slow one has read the document and waits
        fast = await edit(two, doc_id=doc_id, field="b", value="fast")
        late = await slow
    assert fast.ok, fast
    assert late.status == "error"
    assert "Another change to the same document committed first" in late.error
    assert "nothing was changed" in late.error
    assert (await ledger_row(kernel, late.ledger_id))["status"] == "error"
    final = finished(await call(kernel, "editor", "read", {"doc_id": doc_id})).data
    assert final == {"title": "shared", "b": "fast"}  # the winner's change, nothing lost
    retry = await call(kernel, "editor", "edit", {"doc_id": doc_id, "field": "a", "value": "slow"})
    assert finished(retry).ok
    final = finished(await call(kernel, "editor", "read", {"doc_id": doc_id})).data
    assert final == {"title": "shared", "a": "slow", "b": "fast"}


async def test_many_editors_of_one_document_lose_nothing(kernel):
    """Eight concurrent read-modify-write calls on one document: each either lands or is told
    it conflicted; the document holds exactly the fields of the ones that landed."""
    doc_id = finished(await call(kernel, "editor", "create")).data["id"]
    outs = await asyncio.gather(
        *(
            call(
                kernel,
                "editor",
                "edit",
                {"doc_id": doc_id, "field": f"f{n}", "value": str(n), "pause": 0.2},
            )
            for n in range(8)
        )
    )
    results = [finished(o) for o in outs]
    landed = {r.data["field"] for r in results if r.ok}
    refused = [r for r in results if not r.ok]
    assert landed and len(landed) + len(refused) == 8
    assert all("Another change to the same document" in r.error for r in refused)
    final = finished(await call(kernel, "editor", "read", {"doc_id": doc_id})).data
    assert set(final) - {"title"} == landed


async def test_verifying_the_ledger_does_not_stop_writers(kernel):
    fat = '{"text":"' + "y" * 8000 + '"}'  # long rows: the walk takes a while to hash
    entry = ledger.LedgerEntry("filler", "default", "x", "f", "read", "cli", fat, "ok",
                               ledger.utcnow(), ledger.utcnow())  # fmt: skip
    await asyncio.gather(*(kernel.db.commit(None, entry) for _ in range(6000)))
    await call(kernel, "tasks", "add_task", {"title": "warm"})
    verifying = asyncio.ensure_future(kernel.verify_ledger())
    await asyncio.sleep(0.005)  # the walk has started in its thread (a quiet machine hashes fast)
    took, out = await timed(call(kernel, "tasks", "add_task", {"title": "during"}))
    assert finished(out).ok
    assert not verifying.done(), "the walk was too short to show anything; use more rows"
    assert took < QUICK_S, f"a write waited {took:.2f} s for ledger verification"
    assert await verifying is None
