"""benchmarks/run.py prints one JSON object of named figures (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_benchmarks(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_only_one_figure_prints_valid_json():
    proc = run_benchmarks("--only", "python_startup", "--runs", "1", "--warmup", "0")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert isinstance(figures["python_startup_s"], float)
    assert figures["python_startup_s"] > 0
    assert "cli_call_list_notes_s" not in figures


def test_list_names_the_registered_benchmarks():
    proc = run_benchmarks("--list")
    assert proc.returncode == 0
    names = proc.stdout.split()
    assert {"cli_call", "cli_run", "import_pydantic", "python_startup"} <= set(names)


def test_unknown_benchmark_is_refused():
    proc = run_benchmarks("--only", "no_such_figure")
    assert proc.returncode == 2
    assert "no_such_figure" in proc.stderr
