"""SIGKILL of the resident kernel in the middle of 10,000 acknowledged actions from 8 clients.

What must hold after a restart: every action a client was told succeeded (an `ok` with a
ledger id) is there, its document and its ledger row; the ledger's hash chain verifies; cards
that were pending before the kill are still pending (and still run with their digest); the
killed kernel's zygote and workers did not outlive it.

It runs in CI: one real resident kernel (`kernel.server`, started the way the CLI starts it),
8 threads each with its own connection. It takes as long as 10,000 acknowledged actions take
(`kernel_actions_per_s_8_clients` in benchmarks/run.py).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.client import open_client
from tests.kernel.rpc_support import stop_resident

ACTIONS = 10_000
CLIENTS = 8
KILL_AFTER = 4_000  # acknowledged actions before the SIGKILL
CARDS = 3

pytestmark = pytest.mark.timeout(300)

SLEEPY = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("sleepy", version="0.1.0", display_name="Sleepy")
chat = ChatExtension(ext, "sleepy", "Takes a minute.")


class Nap(BaseModel):
    seconds: float = 60


@chat.function("nap", description="Sleep, then write.", action_type="write")
async def nap(ctx, params: Nap) -> ActionResult:
    await asyncio.sleep(params.seconds)
    await ctx.store.create("naps", {"done": True})
    return ActionResult.success({}, "rested")
"""


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "1")
    monkeypatch.setenv("IMPERAL_SHELL_SERVER_IDLE", "60")
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "2")  # the resident kernel inherits it
    for name in ("CONFIRM", "DENY", "INLINE_CAP_S", "LONG_RUNNING_CAP_S", "WORKER_MEMORY_MB"):
        monkeypatch.delenv(f"IMPERAL_SHELL_{name}", raising=False)
    folder = tmp_path / "extensions" / "sleepy"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLEEPY)
    cfg = KernelConfig.load()
    yield cfg
    pid = stop_resident(cfg)
    if pid is not None:
        wait_gone(pid)


def alive(pid: int) -> bool:
    """Alive and not a zombie (a killed kernel's orphans are reaped by init, not by us)."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (the zygote and the workers of a kernel)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class Load:
    """8 clients adding tasks until ACTIONS were attempted, through one kill and restart."""

    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.attempted = 0
        self.acked: list[tuple[str, int, str, str]] = []  # (user, ledger id, doc id, title)
        self.failed: list[str] = []  # answered, but not ok: must not happen here
        self.lost = 0  # in flight when the connection dropped: either outcome is fine
        self.restarted = threading.Event()
        self.errors: list[BaseException] = []

    def next_title(self, i: int) -> str | None:
        with self.lock:
            if self.attempted >= ACTIONS:
                return None
            self.attempted += 1
            return f"c{i}-{self.attempted}"

    def client(self, i: int) -> None:
        user = f"user{i}"
        try:
            conn = open_client(self.config)
            title = self.next_title(i)
            while title is not None:
                try:
                    outcome = [e for e in conn.call(user, "tasks", "add_task", {"title": title})
                               if isinstance(e, ev.ActionFinished | ev.Error)]  # fmt: skip
                except (ConnectionError, OSError):
                    with self.lock:
                        self.lost += 1
                    conn.close()
                    assert self.restarted.wait(60), "the kernel was not restarted"
                    conn = open_client(self.config)
                    title = self.next_title(i)
                    continue
                done = [e for e in outcome if isinstance(e, ev.ActionFinished) and e.ok]
                with self.lock:
                    if done:
                        self.acked.append((user, done[0].ledger_id, done[0].data["id"], title))
                    else:
                        self.failed.append(repr(outcome))
                title = self.next_title(i)
            conn.close()
        except BaseException as exc:  # reported by the test thread
            self.errors.append(exc)

    def count(self) -> int:
        with self.lock:
            return len(self.acked)


def make_cards(config) -> list[ev.Card]:
    """Pending cards for carol: delete_task is destructive, so each call leaves a card."""
    client = open_client(config)
    try:
        cards = []
        for n in range(CARDS):
            added = [e for e in client.call("carol", "tasks", "add_task", {"title": f"keep {n}"})
                     if isinstance(e, ev.ActionFinished)]  # fmt: skip
            task_id = added[0].data["id"]
            asked = [e for e in client.call("carol", "tasks", "delete_task", {"task_id": task_id})
                     if isinstance(e, ev.ConfirmationRequired)]  # fmt: skip
            cards.append(asked[0].card)
        return cards
    finally:
        client.close()


def start_promoted_task(config) -> tuple[threading.Thread, list[str]]:
    """A call of dave's that goes on as a task, still running when the kernel dies."""
    promoted: list[str] = []
    ready = threading.Event()

    def run() -> None:
        client = open_client(config)
        try:
            for event in client.call("dave", "sleepy", "nap", {"seconds": 120}):
                if isinstance(event, ev.TaskPromoted):
                    promoted.append(event.task_id)
                    ready.set()
        except (ConnectionError, OSError):
            pass  # the kernel was killed under it
        finally:
            ready.set()
            client.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30) and promoted, "the long call was not promoted to a task"
    return thread, promoted


def test_sigkill_during_10000_actions_loses_no_acknowledged_one(config):
    started = time.monotonic()
    first = open_client(config)
    kernel_pid = first.pid
    first.close()
    cards = make_cards(config)
    sleeper, promoted = start_promoted_task(config)

    load = Load(config)
    threads = [threading.Thread(target=load.client, args=(i,), daemon=True) for i in range(8)]
    for thread in threads:
        thread.start()
    while load.count() < KILL_AFTER and not load.errors and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    helpers = descendants(kernel_pid)
    assert helpers, "the kernel had no zygote or workers under it"
    os.kill(kernel_pid, signal.SIGKILL)
    assert wait_gone(kernel_pid)
    acked_before_kill = load.count()
    orphans = [p for p in helpers if not wait_gone(p, timeout=5.0)]
    assert not orphans, f"workers outlived their kernel: {orphans}"

    second = open_client(config)  # a fresh resident kernel on the same data dir
    assert second.pid != kernel_pid
    load.restarted.set()
    for thread in threads:
        thread.join(timeout=240)
    assert not load.errors, load.errors
    assert not any(t.is_alive() for t in threads)
    assert not load.failed, load.failed[:3]
    assert load.attempted == ACTIONS
    assert load.count() + load.lost == ACTIONS
    assert acked_before_kill >= KILL_AFTER and load.count() > acked_before_kill

    # cards made before the kill are still pending, with the digest that was shown
    pending = {c.card_id: c for c in second.pending_cards("carol")}
    assert set(pending) == {c.card_id for c in cards}
    assert all(pending[c.card_id].digest == c.digest for c in cards)
    confirmed = list(second.confirm("carol", cards[0].card_id, cards[0].digest))
    assert [e.ok for e in confirmed if isinstance(e, ev.ActionFinished)] == [True]
    # the task that was running when the kernel died is reported lost, not silently gone
    sleeper.join(timeout=10)
    (task,) = [t for t in second.tasks("dave") if t["id"] == promoted[0]]
    assert task["status"] == "lost", task
    second.shutdown()
    second.close()
    assert wait_gone(second.pid)

    check_every_acknowledged_action(config, load.acked)
    elapsed = time.monotonic() - started
    print(f"\n{ACTIONS} actions, {len(load.acked)} acknowledged, {load.lost} in doubt "
          f"at the kill, {elapsed:.1f} s")  # fmt: skip


def check_every_acknowledged_action(config, acked) -> None:
    db = sqlite3.connect(f"file:{config.db_path}?mode=ro", uri=True)
    try:
        ledger = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT id, user_id, app_id, function, status, args_json FROM ledger"
            )
        }
        documents = {
            (row[0], row[1]): json.loads(row[2])
            for row in db.execute(
                "SELECT user_id, id, data FROM documents WHERE app_id='tasks' AND collection='tasks'"
            )
        }
        (naps,) = db.execute("SELECT count(*) FROM documents WHERE app_id='sleepy'").fetchone()
    finally:
        db.close()
    assert naps == 0  # the lost task committed nothing
    missing_rows, missing_docs = [], []
    for user, ledger_id, doc_id, title in acked:
        row = ledger.get(ledger_id)
        expected = (user, "tasks", "add_task", "ok", title)
        if row is None or (*row[:4], json.loads(row[4]).get("title")) != expected:
            missing_rows.append((ledger_id, title, row))
        doc = documents.get((user, doc_id))
        if doc is None or doc.get("title") != title:
            missing_docs.append((doc_id, title, doc))
    assert not missing_rows, f"{len(missing_rows)} acknowledged ledger rows: {missing_rows[:3]}"
    assert not missing_docs, f"{len(missing_docs)} acknowledged documents: {missing_docs[:3]}"
    assert len({lid for _, lid, _, _ in acked}) == len(acked)  # no id acknowledged twice

    import asyncio

    async def verify():
        async with await Kernel.open(config) as kernel:
            return await kernel.verify_ledger(), len(await kernel.session("carol").pending_cards())

    broken_at, still_pending = asyncio.run(verify())
    assert broken_at is None, f"the ledger's hash chain breaks at row {broken_at}"
    assert still_pending == CARDS - 1
