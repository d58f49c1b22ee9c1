"""The TUI's first frame against a bare Textual app's, both as whole processes in one run
(`tui_first_paint_vs_bare_textual`; issue 9's goal is <= 1.5), in wall time and in the
process's CPU time (`tui_first_paint_cpu_vs_bare_textual`, which other load on the machine
moves much less)."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Bench, rounded
from benchmarks.registry import benchmark

CHILD = Path(__file__).resolve().parent / "tui_first_paint_child.py"


def run_child(which: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds to the first frame of one child process."""
    proc = subprocess.run([sys.executable, str(CHILD), which], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"{which} exited {proc.returncode}: {proc.stderr[-500:]}")
    wall, cpu = proc.stdout.split()[-2:]
    return float(wall), float(cpu)


def first_paints(bench: Bench, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds to the first frame of "bare" and of "shell", after the
    warm-up runs. The two alternate, so a change in the machine's load hits both alike."""
    samples: dict[str, list[tuple[float, float]]] = {"bare": [], "shell": []}
    for i in range(bench.warmup + bench.runs):
        for which, kept in samples.items():
            sample = run_child(which, env)
            if i >= bench.warmup:
                kept.append(sample)
    return {
        which: (statistics.median(s[0] for s in kept), statistics.median(s[1] for s in kept))
        for which, kept in samples.items()
    }


@benchmark("tui_first_paint")
def tui_first_paint(bench: Bench) -> dict[str, float]:
    env = bench.env(IMPERAL_SHELL_SERVER="0")
    bench.log("timing a bare Textual app's and imperal-shell's first frames, alternately")
    medians = first_paints(bench, env)
    (bare, bare_cpu), (shell, shell_cpu) = medians["bare"], medians["shell"]
    return {
        "tui_first_paint_bare_s": rounded(bare),
        "tui_first_paint_shell_s": rounded(shell),
        "tui_first_paint_vs_bare_textual": round(shell / bare, 3),
        # the same in CPU seconds of the process: steadier when other work loads the machine
        "tui_first_paint_cpu_vs_bare_textual": round(shell_cpu / bare_cpu, 3),
    }
