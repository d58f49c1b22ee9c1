"""Oracle tier: `sdk.ui` wire output against the real imperal-sdk run as a black box.

Set `IMPERAL_SDK_ORACLE_PYTHON` to an interpreter of a throwaway venv with `imperal-sdk`
(5.11.0 or 6.3.7) installed; without it these tests are skipped. The probe reads the real
package's signatures, builds calls that set one keyword at a time to a non-default value (a
string, a node, an action, a list, a dict, a flag), evaluates each call in both packages and
compares what `to_dict()` gives (or the type of the error raised).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.oracle

ROOT = Path(__file__).resolve().parents[2]
ORACLE = os.environ.get("IMPERAL_SDK_ORACLE_PYTHON", "")

# Argument values for required parameters, by name.
REQUIRED = {
    "children": "[ui.Text('t')]",
    "options": "[{'value': 'a', 'label': 'A'}]",
    "data": "[{'name': 'a', 'v': 1}]",
    "child": "ui.Text('t')",
    "value": "3",
    "to_node": "'b'",
}

GENERATE = r"""
import inspect, json, sys
import imperal_sdk.ui as ui
required, alternatives = json.loads(sys.argv[1]), ["'x'", "ui.Text('t')", "ui.Call('f', a=1)",
    "['a']", "{'k': 1}", "True"]

def others(default):
    if default is inspect.Parameter.empty: return []
    if isinstance(default, bool): return [repr(not default)]
    if isinstance(default, (int, float)): return [repr(default + 2), "0"]
    if isinstance(default, str): return ["'x'", "''"] if default else ["'x'"]
    if default is None: return alternatives
    return ["['a']"]

calls = []
for name in sorted(n for n in dir(ui) if not n.startswith("_")):
    obj = getattr(ui, name)
    if inspect.ismodule(obj) or not callable(obj) or name in ("UINode", "UIAction"):
        continue
    params = [p for p in inspect.signature(obj).parameters.values()
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    base = [f"{p.name}={required.get(p.name, repr('x'))}" for p in params
            if p.default is inspect.Parameter.empty]
    calls.append(f"ui.{name}({', '.join(base)})")
    for p in params:
        calls += [f"ui.{name}({', '.join(base + [f'{p.name}={v}'])})" for v in others(p.default)]
print(json.dumps(calls))
"""

EVALUATE = r"""
import json, sys
if sys.argv[1] == "ours":
    sys.path.insert(0, sys.argv[2])
    from sdk import ui
else:
    import imperal_sdk.ui as ui
out = {}
for call in json.loads(sys.stdin.read()):
    try:
        value = eval(call, {"ui": ui})
        value = value.to_dict() if hasattr(value, "to_dict") else value
        out[call] = json.loads(json.dumps(value, default=repr))
    except Exception as exc:
        out[call] = "error " + type(exc).__name__
print(json.dumps(out))
"""

# Calls where we differ on purpose (none among the probes; the one known deviation, a tuple
# of Stage content, is not probed: see sdk/ui/stage.py).
KNOWN: set[str] = set()


def python(interpreter: str, code: str, *args: str, stdin: str = "") -> str:
    proc = subprocess.run(
        [interpreter, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.skipif(not ORACLE, reason="IMPERAL_SDK_ORACLE_PYTHON is not set")
def test_every_probe_call_gives_the_same_wire():
    import sys

    calls = python(ORACLE, GENERATE, json.dumps(REQUIRED))
    theirs = json.loads(python(ORACLE, EVALUATE, "real", stdin=calls))
    ours = json.loads(python(sys.executable, EVALUATE, "ours", str(ROOT), stdin=calls))
    differ = {c: (theirs[c], ours.get(c)) for c in theirs if theirs[c] != ours.get(c)}
    assert set(differ) <= KNOWN, json.dumps(differ, indent=1, ensure_ascii=False)[:4000]
