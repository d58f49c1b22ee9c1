"""The TUI's standalone figure scripts in `benchmarks/run.py`: each runs in a fresh interpreter
(as a person starts the shell) and prints one JSON object, taken as is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Bench
from benchmarks.registry import benchmark

ROOT = Path(__file__).resolve().parent.parent


def run_script(bench: Bench, module: str, *args: str, timeout: float = 900) -> dict:
    """`python -m benchmarks.MODULE ARGS...`'s JSON; RuntimeError with its stderr if it fails."""
    bench.log(f"running {module}")
    command = [sys.executable, "-m", f"benchmarks.{module}", *args]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{module} exited {proc.returncode}: {proc.stderr[-500:]}")
    return json.loads(proc.stdout)


def _runs(bench: Bench) -> str:
    return str(max(3, bench.runs // 3))


@benchmark("tui_datatable")
def tui_datatable(bench: Bench) -> dict:
    """First frame of a panel with a 10,000-row DataTable (goal <= 100 ms)."""
    return run_script(bench, "tui_datatable", "--runs", _runs(bench))


@benchmark("tui_live")
def tui_live(bench: Bench) -> dict:
    """From another session's write to the tray badge and the panel on screen."""
    return run_script(bench, "tui_live", "--runs", _runs(bench))


@benchmark("tui_panel_bounds")
def tui_panel_bounds(bench: Bench) -> dict:
    """A 50,000-node panel tree, bounded: first frame and the cut."""
    return run_script(bench, "tui_panel_bounds", "--runs", _runs(bench))


@benchmark("tui_nodes")
def tui_nodes(bench: Bench) -> dict:
    """First frames of the larger node families (tabs, charts, accordion)."""
    return run_script(bench, "tui_nodes", "--runs", _runs(bench))
