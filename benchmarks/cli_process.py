"""Whole-process wall time of headless commands next to `python -c "import pydantic"`.

The goal (issue 1): `imperal-shell call notes.list_notes --json` within 2.5x of importing
pydantic, i.e. a script's call costs about what starting a pydantic program costs.
"""

from __future__ import annotations

import sys

from benchmarks.harness import SHELL, Bench, rounded
from benchmarks.registry import benchmark

SEED_NOTES = 10


def _pydantic(bench: Bench) -> float:
    return bench.baseline("import_pydantic", "import pydantic")


def _seeded(bench: Bench) -> None:
    if bench.cache.get("seeded"):
        return
    bench.log(f"seeding {SEED_NOTES} notes in {bench.home}")
    for n in range(SEED_NOTES):
        bench.shell("call", "notes.create_note", "--args", f'{{"title": "note {n}"}}')
    bench.wait_for_resident()
    bench.cache["seeded"] = 1.0


def _versus(bench: Bench, name: str, argv: list[str], **env: str) -> dict[str, float]:
    _seeded(bench)
    base = _pydantic(bench)
    bench.log(f"timing imperal-shell {' '.join(argv)}")
    wall = bench.median_wall([str(SHELL), *argv], env=bench.env(**env))
    return {f"{name}_s": rounded(wall), f"{name}_vs_pydantic": round(wall / base, 3)}


@benchmark("python_startup")
def python_startup(bench: Bench) -> dict[str, float]:
    return {"python_startup_s": rounded(bench.baseline("python_startup", "pass"))}


@benchmark("import_pydantic")
def import_pydantic(bench: Bench) -> dict[str, float]:
    return {"import_pydantic_s": rounded(_pydantic(bench))}


@benchmark("cli_call")
def cli_call(bench: Bench) -> dict[str, float]:
    """The warm path: a resident kernel serves the call."""
    return _versus(bench, "cli_call_list_notes", ["call", "notes.list_notes", "--json"])


@benchmark("cli_run")
def cli_run(bench: Bench) -> dict[str, float]:
    return _versus(bench, "cli_run_show_notes", ["run", "--json", "show my notes"])


@benchmark("cli_call_embedded")
def cli_call_embedded(bench: Bench) -> dict[str, float]:
    """The cold path: no resident kernel, the process opens SQLite and loads extensions."""
    return _versus(
        bench,
        "cli_call_list_notes_embedded",
        ["call", "notes.list_notes", "--json"],
        IMPERAL_SHELL_SERVER="0",
    )


@benchmark("cli_help")
def cli_help(bench: Bench) -> dict[str, float]:
    wall = bench.median_wall([str(SHELL), "--help"], env=bench.env())
    return {"cli_help_s": rounded(wall)}


if __name__ == "__main__":
    sys.exit("run benchmarks/run.py instead")
