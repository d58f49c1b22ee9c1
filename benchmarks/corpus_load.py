"""Load time of our own corpus (tests/corpus: six extensions written against imperal-sdk 5.11)
in one kernel, as ONE JSON object on stdout (progress on stderr).

    python benchmarks/corpus_load.py            # median of 5 runs of each figure
    python benchmarks/corpus_load.py --runs 9

Figures, each the median over fresh processes:
- corpus_load_cold_s: `Kernel.open` with the corpus installed and no manifest cache (every
  extension is imported in a scan process to read what it declares);
- corpus_load_warm_s: the same with the cache filled (no extension code runs);
- corpus_first_calls_s: after a warm open, one read call into each corpus extension (a worker
  is started and imports the extension: what the first use of each costs).

Also registered as the benchmark "corpus_load" for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import extgen  # noqa: E402
from benchmarks.registry import benchmark  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
# One read call per extension: (app.function, args). None of them reaches the network.
FIRST_CALLS = {
    "bank-import": ("list_transactions", {}),
    "bookmarks": ("search_bookmarks", {}),
    "crm": ("list_contacts", {}),
    "gcal-sync": ("list_accounts", {}),
    "mailbox": ("inbox", {}),
    "ops-board": ("list_incidents", {}),
}

_OPEN = r"""
import asyncio, json, sys, time
from kernel import Kernel, KernelConfig
calls = json.loads(sys.argv[1])
async def main():
    started = time.perf_counter()
    kernel = await Kernel.open(KernelConfig.load())
    opened = time.perf_counter() - started
    apps = sorted(m.app_id for m in kernel.extensions())
    errors = [f"{e.name}: {e.message}" for e in kernel.load_errors]
    called = None
    if calls:
        session = kernel.session("bench")
        started = time.perf_counter()
        for app, function, args in calls:
            events = await session.call(app, function, args)
            if not any(getattr(e, "status", "") == "ok" for e in events):
                errors.append(f"{app}.{function}: {events}")
        called = time.perf_counter() - started
    await kernel.close()
    return {"open_s": opened, "calls_s": called, "apps": apps, "errors": errors}
from kernel import loop
print(json.dumps(loop.run(main())))
"""


def corpus_names() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "main.py").is_file())


def install(home: Path) -> list[str]:
    names = corpus_names()
    for name in names:
        shutil.copytree(
            CORPUS / name,
            home / "extensions" / name,
            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "tests"),
        )
    return names


def _once(home: Path, *, cold: bool, calls: list | None, expect: set[str]) -> dict:
    if cold:
        with contextlib.suppress(FileNotFoundError):
            (home / "cache" / "manifests.json").unlink()
    env = extgen.env_for(home, IMPERAL_SHELL_SERVER="0")
    proc = subprocess.run([sys.executable, "-c", _OPEN, json.dumps(calls or [])], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"Kernel.open failed: {proc.stderr[-1500:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    missing = expect - set(result["apps"])
    if missing or result["errors"]:
        raise RuntimeError(
            f"the corpus did not load: missing {sorted(missing)}, {result['errors']}"
        )
    return result


def measure(runs: int, log=None) -> dict[str, float | int]:
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    homes = extgen.Homes()
    try:
        home = homes.new("corpus")
        names = install(home)
        expect = set(names)
        log(f"timing Kernel.open with the corpus ({len(names)} extensions), {runs} runs each")
        cold = [_once(home, cold=True, calls=None, expect=expect) for _ in range(runs)]
        warm = [_once(home, cold=False, calls=None, expect=expect) for _ in range(runs)]
        calls = [[app, fn, args] for app, (fn, args) in sorted(FIRST_CALLS.items())]
        first = [_once(home, cold=False, calls=calls, expect=expect) for _ in range(runs)]
    finally:
        homes.close()
    return {
        "corpus_extensions": len(names),
        "corpus_load_cold_s": round(statistics.median(r["open_s"] for r in cold), 4),
        "corpus_load_warm_s": round(statistics.median(r["open_s"] for r in warm), 4),
        "corpus_first_calls_s": round(statistics.median(r["calls_s"] for r in first), 4),
    }


@benchmark("corpus_load")
def corpus_load(bench) -> dict[str, float | int]:
    return measure(max(1, min(bench.runs, 5)), bench.log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/corpus_load.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (median)")
    args = parser.parse_args(argv)
    figures = measure(max(1, args.runs))
    figures["runs"] = max(1, args.runs)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
