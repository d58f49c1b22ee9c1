"""The TUI's first frame against a bare Textual app's, both as whole processes in one run
(`tui_first_paint_vs_bare_textual`; issue 9's goal is <= 1.5)."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Bench, rounded
from benchmarks.registry import benchmark

CHILD = Path(__file__).resolve().parent / "tui_first_paint_child.py"


def first_paint(bench: Bench, which: str, env: dict[str, str]) -> float:
    """Median seconds to the first frame, as the child reports it, after the warm-up runs."""
    samples = []
    for i in range(bench.warmup + bench.runs):
        proc = subprocess.run([sys.executable, str(CHILD), which], capture_output=True,
                              text=True, env=env, timeout=120)  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"{which} exited {proc.returncode}: {proc.stderr[-500:]}")
        if i >= bench.warmup:
            samples.append(float(proc.stdout.split()[-1]))
    return statistics.median(samples)


@benchmark("tui_first_paint")
def tui_first_paint(bench: Bench) -> dict[str, float]:
    env = bench.env(IMPERAL_SHELL_SERVER="0")
    bench.log("timing a bare Textual app's first frame")
    bare = first_paint(bench, "bare", env)
    bench.log("timing imperal-shell's first frame")
    shell = first_paint(bench, "shell", env)
    return {
        "tui_first_paint_bare_s": rounded(bare),
        "tui_first_paint_shell_s": rounded(shell),
        "tui_first_paint_vs_bare_textual": round(shell / bare, 3),
    }
