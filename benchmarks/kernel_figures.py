"""The kernel runtime (issue 6): durable writes through the extension host, throughput from
8 clients, what the host adds per call, memory of kernel plus workers, start with 200
extensions, routing over 2,000 functions.

Goals: write/fsync-insert <= 1.5; >= 3,000 acknowledged actions/s from 8 clients; host adds
<= 300 us a call; kernel + workers <= 400 MB with 50 idle extensions; start with 200
extensions <= 300 ms; routing <= 0.5 ms a message at 2,000 functions.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import extgen
from benchmarks.harness import Bench
from benchmarks.registry import benchmark
from kernel import loop as kernel_loop

SAMPLES = 300  # per-call timings per figure (medians)
CLIENTS = 8
LOAD_SECONDS = 5.0


def _us(seconds: float) -> float:
    return round(seconds * 1e6, 1)


def _homes(bench: Bench) -> extgen.Homes:
    homes = bench.cache.get("kernel_homes")
    if homes is None:
        homes = extgen.Homes()
        bench.cache["kernel_homes"] = homes  # type: ignore[assignment]
        bench.on_close(homes.close)
    return homes  # type: ignore[return-value]


@contextlib.contextmanager
def _environ(env: dict[str, str]):
    """os.environ as `env` for a while (a resident kernel we start inherits it)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


async def _open_kernel(home: Path):
    from kernel import Kernel

    return await Kernel.open(extgen.config_for(home))


# --- a durable write through the host vs one fsync'd insert ---------------------------------


def _fsync_insert_samples(folder: Path, n: int) -> list[float]:
    """One INSERT + COMMIT each, WAL and synchronous=FULL: what one durable row costs here."""
    path = folder / "fsync-baseline.db"
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, data TEXT)")
        samples = []
        for i in range(n):
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (data) VALUES (?)", (json.dumps({"n": i}),))
            conn.execute("COMMIT")
            samples.append(time.perf_counter() - started)
        return samples
    finally:
        conn.close()


@benchmark("kernel_write_vs_fsync_insert")
def kernel_write_vs_fsync_insert(bench: Bench) -> dict[str, float]:
    """A durable write action (trivial handler: one ctx.store.create) through the whole execute
    path and the extension host, in-process (`session.call`), against one fsync'd insert on
    the same disk; interleaved in blocks so both see the same disk."""
    home = _homes(bench).new("write")
    extgen.write_trivial(home / "extensions")
    bench.log("timing a durable write action vs an fsync'd SQLite insert")

    async def run() -> tuple[list[float], list[float]]:
        kernel = await _open_kernel(home)
        try:
            session = kernel.session("bench")
            for i in range(30):
                await session.call("benchw", "put", {"n": i})
            actions, inserts = [], []
            for block in range(SAMPLES // 20):
                for i in range(20):
                    started = time.perf_counter()
                    events = await session.call("benchw", "put", {"n": block * 20 + i})
                    actions.append(time.perf_counter() - started)
                    if not any(getattr(e, "status", "") == "ok" for e in events):
                        raise RuntimeError(f"the write failed: {events}")
                inserts += _fsync_insert_samples(home, 20)
            return actions, inserts
        finally:
            await kernel.close()

    actions, inserts = kernel_loop.run(run())  # the loop the kernel ships with
    action, insert = statistics.median(actions), statistics.median(inserts)
    return {
        "kernel_write_action_us": _us(action),
        "fsync_insert_us": _us(insert),
        "kernel_write_vs_fsync_insert": round(action / insert, 2),
    }


# --- what the extension host adds to a call ----------------------------------------------------


@benchmark("kernel_host_latency")
def kernel_host_latency(bench: Bench) -> dict[str, float]:
    """The same trivial read handler (`noop`: validate the args, return) three ways:
    in this process (load_one + validate + await), through the host alone (`Host.run`: kernel
    -> worker -> kernel), and the whole execute path (`session.call`: check, host, the ledger
    row's fsync'd commit). Host-added latency = host - in-process."""
    home = _homes(bench).new("host")
    folder = extgen.write_trivial(home / "extensions")
    bench.log("timing a trivial handler in-process, through the host, through session.call")

    async def in_process() -> list[float]:
        from kernel.host.validation import validate_args
        from kernel.loader import load_one
        from kernel.results import normalise

        fd = load_one(folder).functions["noop"]
        samples = []
        for i in range(SAMPLES + 30):
            started = time.perf_counter()
            _problem, call_args, _args_json = validate_args(fd, {})
            normalise(await fd.func(None, **call_args))
            if i >= 30:
                samples.append(time.perf_counter() - started)
        return samples

    async def through_kernel() -> tuple[list[float], list[float]]:
        kernel = await _open_kernel(home)
        try:
            path = kernel.catalog.path("benchw")
            request = {"kind": "fn", "name": "noop", "args": {}, "validate_only": False,
                       "ctx": {"user_id": "bench", "tenant_id": "default",
                               "tool_type": "chat_fn", "config": {}}}  # fmt: skip

            async def on_rpc(service, method, params):
                raise RuntimeError("noop makes no ctx calls")

            host, full = [], []
            session = kernel.session("bench")
            for i in range(SAMPLES + 30):
                started = time.perf_counter()
                reply = await kernel.host.run("benchw", path, dict(request), on_rpc, timeout=10)
                if i >= 30:
                    host.append(time.perf_counter() - started)
                if reply.get("status") != "returned":
                    raise RuntimeError(f"noop did not return: {reply}")
            for i in range(SAMPLES + 30):
                started = time.perf_counter()
                await session.call("benchw", "noop", {})
                if i >= 30:
                    full.append(time.perf_counter() - started)
            return host, full
        finally:
            await kernel.close()

    local = statistics.median(kernel_loop.run(in_process()))
    host, full = kernel_loop.run(through_kernel())
    host_m, full_m = statistics.median(host), statistics.median(full)
    return {
        "handler_in_process_us": _us(local),
        "handler_through_host_us": _us(host_m),
        "host_added_latency_us": _us(host_m - local),
        "session_call_read_us": _us(full_m),
    }


# --- acknowledged actions per second from 8 clients -----------------------------------------

_CLIENT = r"""
import json, sys, time
from kernel import events as ev
from kernel.client import open_client
from kernel.config import KernelConfig

idx = int(sys.argv[1])
client = open_client(KernelConfig.load())
def act(n):
    for e in client.call(f"user{idx}", "benchw", "put", {"n": n}):
        if isinstance(e, ev.ActionFinished):
            return e.ok
    return False
for n in range(20):
    act(n)
print("ready", flush=True)
end = float(sys.stdin.readline())
done = failed = 0
latencies = []
while time.time() < end:
    started = time.perf_counter()
    if act(done):
        done += 1
        latencies.append(time.perf_counter() - started)
    else:
        failed += 1
latencies.sort()
print(json.dumps({"done": done, "failed": failed,
                  "p50": latencies[len(latencies) // 2] if latencies else 0.0,
                  "p99": latencies[int(len(latencies) * 0.99)] if latencies else 0.0}))
"""


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads) so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy_s() -> float:
    """CPU seconds every core spent not idle, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _resident_load(home: Path, kernel_pid: int, clients: int, seconds: float) -> dict[str, float]:
    """`clients` processes doing durable writes for `seconds`; rate, latency, and the CPU
    each side spent per action (CPU figures hold up on a busy machine, rates do not)."""
    env = extgen.env_for(home)
    procs = [
        subprocess.Popen([sys.executable, "-c", _CLIENT, str(i)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for i in range(clients)
    ]  # fmt: skip
    try:
        for proc in procs:
            line = proc.stdout.readline()
            if line.strip() != "ready":
                raise RuntimeError(f"a client did not start: {line!r} {proc.stderr.read()[-800:]}")
        tree = _tree(kernel_pid)
        before = {pid: _cpu_s(pid) for pid in [*tree, *(p.pid for p in procs)]}
        busy_before = _machine_busy_s()
        end = time.time() + seconds
        for proc in procs:
            proc.stdin.write(f"{end}\n")
            proc.stdin.flush()
        time.sleep(max(0.0, end - time.time() - 0.02))
        spent = {pid: _cpu_s(pid) - cpu for pid, cpu in before.items()}
        busy = _machine_busy_s() - busy_before
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=seconds + 60)
            if proc.returncode != 0:
                raise RuntimeError(f"a client failed: {err[-800:]}")
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    done = sum(r["done"] for r in results)
    if any(r["failed"] for r in results) or not done:
        raise RuntimeError(f"actions failed under load: {results}")
    ours = sum(spent.values())
    return {
        "per_s": done / seconds,
        "p50": statistics.median(r["p50"] for r in results),
        "p99": max(r["p99"] for r in results),
        "kernel_cpu": spent[kernel_pid] / done,
        "workers_cpu": sum(spent[p] for p in tree if p != kernel_pid) / done,
        "clients_cpu": sum(spent[p.pid] for p in procs) / done,
        "others_share": max(0.0, busy - ours) / (os.cpu_count() or 1) / seconds,
    }


@benchmark("kernel_actions_per_s_8_clients")
def kernel_actions_per_s_8_clients(bench: Bench) -> dict[str, float]:
    """8 client processes, each its own connection to one resident kernel, each doing durable
    write actions (`benchw.put`) back to back for LOAD_SECONDS; acknowledged actions per
    second in total. Also: one client alone, the CPU each side spends per action, and how
    much of the machine other processes used meanwhile (a busy machine lowers the rate)."""
    from kernel.client import open_client

    home = _homes(bench).new("load")
    extgen.write_trivial(home / "extensions")
    with _environ(extgen.env_for(home)):
        client = open_client(extgen.config_for(home))  # the resident kernel, started
        kernel_pid = client.pid
        client.close()
    runs = max(1, min(bench.runs, 3))
    bench.log(f"timing {CLIENTS} clients x {LOAD_SECONDS:g} s of durable writes, {runs} runs")
    loads = [_resident_load(home, kernel_pid, CLIENTS, LOAD_SECONDS) for _ in range(runs)]
    one = _resident_load(home, kernel_pid, 1, LOAD_SECONDS / 2)

    def med(key: str, scale: float = 1.0, digits: int = 2) -> float:
        return round(statistics.median(x[key] for x in loads) * scale, digits)

    return {
        "kernel_actions_per_s_8_clients": round(med("per_s")),
        "kernel_actions_8_clients_p50_ms": med("p50", 1e3),
        "kernel_actions_8_clients_p99_ms": round(max(x["p99"] for x in loads) * 1e3, 2),
        "kernel_cpu_ms_per_action": med("kernel_cpu", 1e3, 3),
        "workers_cpu_ms_per_action": med("workers_cpu", 1e3, 3),
        "clients_cpu_ms_per_action": med("clients_cpu", 1e3, 3),
        "machine_share_used_by_others": med("others_share"),
        "kernel_actions_per_s_1_client": round(one["per_s"]),
        "kernel_action_1_client_p50_ms": round(one["p50"] * 1e3, 2),
    }


@benchmark("db_commits_per_s")
def db_commits_per_s(bench: Bench) -> dict[str, float]:
    """The storage floor under the action rate: `Database.commit` of a ledger row (no handler,
    no staged writes), 5,000 concurrent callers sharing group commits."""
    from kernel import ledger
    from kernel.db import Database

    home = _homes(bench).new("db")
    bench.log("timing Database.commit throughput (group commit, no handler)")

    async def run() -> tuple[float, float]:
        db = await Database.open(home / "kernel.db")
        try:
            entry = ledger.LedgerEntry("bench", "default", "benchw", "put", "write", "cli",
                                       '{"n":1}', "ok", ledger.utcnow(), ledger.utcnow())  # fmt: skip
            rates = []
            for _ in range(3):
                before = db.stats.transactions
                started = time.perf_counter()
                await asyncio.gather(*(db.commit(None, entry) for _ in range(5000)))
                rates.append(5000 / (time.perf_counter() - started))
            return statistics.median(rates), 5000 / max(1, db.stats.transactions - before)
        finally:
            await db.close()

    rate, per_txn = kernel_loop.run(run())
    return {"db_commits_per_s": round(rate), "db_actions_per_transaction": round(per_txn, 1)}


# --- memory of the kernel and its workers -------------------------------------------------------


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(stat[1]), []).append(int(entry.name))
    out, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _memory_kb(pid: int) -> tuple[int, int | None]:
    """(RSS, PSS) in kB; PSS None where smaps_rollup is not readable."""
    rss = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    pss = None
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def _measure(pid: int) -> dict[str, float]:
    pids = _tree(pid)
    rss = pss = 0
    for p in pids:
        r, s = _memory_kb(p)
        rss += r
        pss += s if s is not None else r
    return {"processes": len(pids), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}


def _resident(home: Path, calls: list[tuple[str, str, dict]]) -> dict[str, float]:
    from kernel.client import open_client

    with _environ(extgen.env_for(home)):
        client = open_client(extgen.config_for(home))
    try:
        for app, fn, args in calls:
            list(client.call("bench", app, fn, args))
        time.sleep(0.5)
        return _measure(client.pid)
    finally:
        client.close()


@benchmark("kernel_memory")
def kernel_memory(bench: Bench) -> dict[str, float]:
    """RSS and PSS (shared pages counted once across processes) of the resident kernel and
    every process under it (zygote, workers): with the bundled extensions after using each,
    with 50 more extensions installed and idle, and with those 50 each called once (all their
    workers alive)."""
    homes = _homes(bench)
    bench.log("measuring kernel + worker memory (bundled, 50 idle, 50 used)")
    bundled_calls = [("notes", "list_notes", {}), ("tasks", "list_tasks", {})]
    bundled = _resident(homes.new("mem0"), bundled_calls)
    fifty = homes.new("mem50")
    extgen.write_small(fifty / "extensions", 50)
    idle = _resident(fifty, bundled_calls)
    used_calls = [(f"gen{n:03d}", f"list_{extgen.noun(n)}s", {}) for n in range(50)]
    used = _resident(fifty, used_calls)  # same resident kernel: now every worker is up
    out = {}
    for name, m in (("bundled", bundled), ("50_idle", idle), ("50_used", used)):
        out[f"kernel_memory_{name}_pss_mb"] = m["pss_mb"]
        out[f"kernel_memory_{name}_rss_mb"] = m["rss_mb"]
        out[f"kernel_memory_{name}_processes"] = m["processes"]
    return out


# --- start with 200 extensions ------------------------------------------------------------------

_OPEN = r"""
import asyncio, json, time
t0 = time.perf_counter()
from kernel import Kernel, KernelConfig
t1 = time.perf_counter()
async def main():
    started = time.perf_counter()
    kernel = await Kernel.open(KernelConfig.load())
    opened = time.perf_counter() - started
    count, errors = len(kernel.extensions()), [e.message for e in kernel.load_errors]
    await kernel.close()
    return opened, count, errors
opened, count, errors = asyncio.run(main())
print(json.dumps({"import_s": t1 - t0, "open_s": opened, "extensions": count, "errors": errors}))
"""


@benchmark("kernel_start_200")
def kernel_start_200(bench: Bench) -> dict[str, float]:
    """`Kernel.open` (database, catalog, host) in a fresh process with 200 small extensions
    installed (3 functions each): cold (no manifest cache: every extension is imported in a
    worker) and warm (the cache answers). `import kernel` is timed apart."""
    home = _homes(bench).new("start")
    extgen.write_small(home / "extensions", 200)
    cache = home / "cache" / "manifests.json"
    env = extgen.env_for(home, IMPERAL_SHELL_SERVER="0")
    runs = max(1, min(bench.runs, 5))
    bench.log(f"timing Kernel.open with 200 extensions, cold and warm, {runs} runs each")

    def once(cold: bool) -> dict:
        if cold:
            with contextlib.suppress(FileNotFoundError):
                cache.unlink()
        proc = subprocess.run([sys.executable, "-c", _OPEN], capture_output=True, text=True,
                              env=env, timeout=300)  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"Kernel.open failed: {proc.stderr[-800:]}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        if result["extensions"] != 202 or result["errors"]:
            raise RuntimeError(f"not every extension loaded: {result}")
        return result

    cold = [once(True) for _ in range(runs)]
    warm = [once(False) for _ in range(runs + 1)][1:]
    return {
        "kernel_start_200_cold_s": round(statistics.median(r["open_s"] for r in cold), 4),
        "kernel_start_200_warm_s": round(statistics.median(r["open_s"] for r in warm), 4),
        "kernel_import_s": round(statistics.median(r["import_s"] for r in warm), 4),
    }


# --- routing over 2,000 functions ---------------------------------------------------------------


def _catalog(functions: int):
    from kernel.catalog import Catalog
    from kernel.host.manifest import ExtensionManifest, FunctionMeta, ParamMeta

    manifests = []
    per_app = 20
    for a in range(functions // per_app):
        fns = {}
        for f in range(per_app // 4):
            word = extgen.noun(a * per_app + f)
            title = {"title": ParamMeta("title", required=True, is_text=True)}
            ident = {f"{word}_id": ParamMeta(f"{word}_id", required=True, is_text=True)}
            status = {"status": ParamMeta("status", choices=("open", "done", "all"))}
            for name, action, fields in (
                (f"add_{word}", "write", title),
                (f"list_{word}s", "read", status),
                (f"search_{word}s", "read", {"query": ParamMeta("query", True, is_text=True)}),
                (f"delete_{word}", "destructive", ident),
            ):
                fns[name] = FunctionMeta(name, action, f"{name} of app {a}", fields=fields)
        manifests.append(ExtensionManifest(f"app{a:03d}", f"App {a}", "1.0", f"/x/app{a}",
                                           fns, []))  # fmt: skip
    return Catalog(manifests, [])


@benchmark("router_2000")
def router_2000(bench: Bench) -> dict[str, float]:
    """OfflineRouter.route_sync over a catalog of 2,000 functions (100 extensions x 20), a mix
    of natural requests, explicit calls and one that maps to nothing; median per message."""
    from kernel.router.offline import OfflineRouter
    from kernel.router.plan import Plan

    catalog = _catalog(2000)
    n_functions = len(catalog.all_functions())
    router = OfflineRouter(catalog)
    w1, w2, w3 = extgen.noun(2), extgen.noun(61 * 20 + 3), extgen.noun(99 * 20 + 4)
    messages = [
        f"add a {w1} buy milk",
        f"show my {w2}s",
        f"delete the {w3} Groceries",
        f"search {w1}s for rent",
        f"app050.add_{extgen.noun(50 * 20)} title=Q3",
        "please make the coffee warmer",
    ]
    plans = [router.route_sync(m) for m in messages]
    if not all(isinstance(p, Plan) for p in plans[:5]):
        raise RuntimeError(f"routing failed: {str(plans)[:1000]}")
    bench.log(f"timing routing over {n_functions} functions")
    samples = []
    for _ in range(max(5, bench.runs)):
        for message in messages:
            started = time.perf_counter()
            router.route_sync(message)
            samples.append(time.perf_counter() - started)
    return {
        "router_functions": n_functions,
        "router_2000_ms_per_message": round(statistics.median(samples) * 1e3, 3),
        "router_2000_ms_worst": round(max(samples) * 1e3, 3),
    }


if __name__ == "__main__":
    sys.exit("run benchmarks/run.py instead")
