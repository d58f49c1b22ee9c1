"""Routing accuracy of the labelled set with the local model, next to the offline router's:
runs benchmarks/routing_accuracy.py on a spread subset and prints its figures (`pytest -s`
shows them; they are also written to `routing_accuracy.json` in the test's tmp dir). A 270M
model is not held to a bar: the test checks that every case was routed to a plan, a question,
an answer or a clear unavailability, and that nothing crashed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.support import ANSWER, ROOT

SUBSET = 30
SECONDS_PER_CASE = 30  # the router's turn budget is 14 s; room for a loaded machine
KINDS = {"plan", "unmapped", "answer", "unavailable", "fallback", "explicit"}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(SUBSET * SECONDS_PER_CASE + 120)]


def test_routing_accuracy_with_the_local_model(base_url, tmp_path):
    out = tmp_path / "routing_accuracy.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "routing_accuracy.py"),
         "--base-url", base_url, "--limit", str(SUBSET), "--answer", ANSWER, "--out", str(out)],
        capture_output=True, text=True, timeout=SUBSET * SECONDS_PER_CASE, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr, done.stderr
    figures = json.loads(out.read_text())
    assert figures == json.loads(done.stdout)
    summary = {
        name: {k: v for k, v in figures[name].items() if k != "misses"}
        for name in ("offline", "model_first")
    }
    print(f"\nrouting accuracy over {figures['cases']} of {figures['labelled_cases']} labelled "
          f"requests ({figures['model']}; figures in {out}):\n{json.dumps(summary, indent=2)}")  # fmt: skip
    assert figures["cases"] == SUBSET
    for name in ("offline", "model_first"):
        result = figures[name]
        assert result["crashes"] == 0, result["misses"]
        assert set(result["kinds"]) <= KINDS, result["kinds"]
        assert sum(result["kinds"].values()) == SUBSET, result["kinds"]
        assert 0 <= result["arguments_right"] <= result["functions_right"] <= SUBSET
        assert len(result["misses"]) == SUBSET - result["arguments_right"]
