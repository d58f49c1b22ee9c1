"""Print speed figures as ONE JSON object on stdout (progress goes to stderr).

    python benchmarks/run.py                 # every benchmark
    python benchmarks/run.py --only cli_call # one (repeat --only for several)
    python benchmarks/run.py --list

Add a figure: write a function in a module here, decorate it with `@benchmark("name")`, and
import the module below.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import (  # noqa: E402, F401  (register)
    cli_process,
    kernel_figures,
    ledger_figures,
    sdk_figures,
    tui_chat,
    tui_figures,
    tui_list,
    tui_scripts,
)
from benchmarks.harness import Bench  # noqa: E402
from benchmarks.registry import BENCHMARKS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__)
    parser.add_argument("--only", action="append", metavar="NAME", choices=sorted(BENCHMARKS))
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure (median)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first")
    parser.add_argument("--list", action="store_true", help="print the benchmark names")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(sorted(BENCHMARKS)))
        return 0
    names = args.only or list(BENCHMARKS)
    bench = Bench(runs=args.runs, warmup=args.warmup)
    figures: dict[str, float | str | int] = {}
    try:
        for name in names:
            figures.update(BENCHMARKS[name](bench))
    finally:
        bench.close()
    figures["runs"] = bench.runs
    figures["python"] = platform.python_version()
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
