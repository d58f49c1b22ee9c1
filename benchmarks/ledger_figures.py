"""The ledger (issue 10): `audit verify` over 100,000 rows, and what a concurrent action's
write latency is while a verify runs (verifying must not block writers).

Figures:
- `audit_verify_100k_s`: `anchor.verify_path` (what `imperal-shell audit verify` runs) over a
  ledger of 100,000 keyed rows, median of runs.
- `write_action_idle_us` / `write_action_during_verify_us`: a durable write action through the
  whole execute path (trivial handler) with no verify running, and while verifies run back to
  back in another thread on the same database; `write_during_verify_ratio` is the second over
  the first (1.0: writers do not notice).
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import subprocess
import sys
import time

from benchmarks import extgen
from benchmarks.harness import Bench
from benchmarks.registry import benchmark
from kernel import loop as kernel_loop

ROWS = 100_000
WRITES = 600
# `audit verify` as a user runs it: another process, full walks back to back until told to stop
VERIFY_LOOP = """
import sys
from pathlib import Path
from kernel import anchor
db, key, head, stop = sys.argv[1], bytes.fromhex(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
n = 0
while not stop.exists():
    verdict = anchor.verify_path(Path(db), key, head)
    if not verdict.ok:
        sys.exit("the ledger does not verify: " + verdict.reason)
    n += 1
print(n)
"""


def _fill(db_path, key: bytes, n: int) -> tuple[int, str]:
    """Append `n` keyed rows after the newest one (the kernel's own hashing), one transaction."""
    from kernel import ledger

    conn = sqlite3.connect(db_path)
    try:
        last_id, prev = ledger.last_row(conn)
        now = ledger.utcnow()
        entry = ledger.LedgerEntry(
            user_id="bench", tenant_id="default", app_id="benchw", function="put",
            action_type="write", source="bench", args_json='{"n":1}', status="ok",
            started_at=now, ended_at=now,
        )  # fmt: skip
        conn.execute("BEGIN")
        for _ in range(n):
            last_id, prev = ledger.append_sync(conn, entry, prev, key=key, row_id=last_id + 1)
        conn.commit()
        return last_id, prev
    finally:
        conn.close()


@benchmark("audit_verify_100k")
def audit_verify_100k(bench: Bench) -> dict[str, float]:
    from kernel import Kernel, anchor, ledger

    homes = extgen.Homes()
    bench.on_close(homes.close)
    home = homes.new("ledger")
    extgen.write_trivial(home / "extensions")
    config = extgen.config_for(home)
    bench.log(f"writing a ledger of {ROWS:,} keyed rows")

    async def prepare() -> bytes:
        kernel = await Kernel.open(config)
        try:
            await kernel.session("bench").call("benchw", "put", {"n": 0})
            return kernel.db.anchor.key
        finally:
            await kernel.close()

    key = kernel_loop.run(prepare())
    last_id, last_hash = _fill(config.db_path, key, ROWS)
    head = anchor.read_head(config.data_dir / anchor.HEAD_FILE, key)
    anchor.write_head(
        config.data_dir / anchor.HEAD_FILE,
        key,
        ledger.Head(last_id, last_id, last_hash, head.keyed_from if head else 1),
    )
    head_path = config.data_dir / anchor.HEAD_FILE

    bench.log("timing audit verify")
    times = []
    for _ in range(max(3, bench.runs)):
        started = time.perf_counter()
        verdict = anchor.verify_path(config.db_path, key, head_path)
        times.append(time.perf_counter() - started)
        if not verdict.ok:
            raise RuntimeError(f"the benchmark ledger does not verify: {verdict.reason}")

    bench.log("timing write actions, idle and during verifies (another process)")
    verifier = [
        sys.executable, "-c", VERIFY_LOOP, str(config.db_path), key.hex(), str(head_path),
        str(home / "stop-verifying"),
    ]  # fmt: skip

    async def writes(during: bool) -> tuple[list[float], int]:
        kernel = await Kernel.open(config)
        proc = None
        try:
            session = kernel.session("bench")
            for i in range(20):
                await session.call("benchw", "put", {"n": i})
            if during:
                proc = subprocess.Popen(verifier, stdout=subprocess.PIPE, text=True)
                await asyncio.sleep(0.5)
            out = []
            for i in range(WRITES):
                started = time.perf_counter()
                await session.call("benchw", "put", {"n": i})
                out.append(time.perf_counter() - started)
            return out, 0
        finally:
            count = 0
            if proc is not None:
                (home / "stop-verifying").touch()
                count = int((proc.communicate(timeout=120)[0] or "0").strip() or 0)
                verifies[0] = count
            await kernel.close()

    verifies = [0]
    idle, _ = kernel_loop.run(writes(False))
    during, _ = kernel_loop.run(writes(True))
    idle_m, during_m = statistics.median(idle), statistics.median(during)
    return {
        "audit_verify_100k_s": round(statistics.median(times), 3),
        "write_action_idle_us": round(idle_m * 1e6, 1),
        "write_action_during_verify_us": round(during_m * 1e6, 1),
        "write_during_verify_ratio": round(during_m / idle_m, 2),
        "verifies_during_writes": verifies[0],
    }
