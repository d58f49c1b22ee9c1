"""Oracle tier: our `sdl` against the real imperal-sdk 5.11 run as a black box.

Set `IMPERAL_SDK_ORACLE_PYTHON` to an interpreter of a throwaway venv that has
`imperal-sdk==5.11.0` installed; without it these tests are skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.oracle

ROOT = Path(__file__).resolve().parents[2]
ORACLE = os.environ.get("IMPERAL_SDK_ORACLE_PYTHON", "")

# Prints, as JSON, what a user of `imperal_sdk.sdl` can observe: schemas (without the prose
# descriptions), signatures, roles, the role catalog, dumps and the errors bad input raises.
PROBE = r"""
import inspect, json, sys
if sys.argv[1] == "ours":
    sys.path.insert(0, sys.argv[2])
    from sdk import alias
    alias.install()
import imperal_sdk.sdl as s
from imperal_sdk.sdl import _generate_roles_json as g

def strip(d):
    if isinstance(d, dict):
        return {k: strip(v) for k, v in d.items() if not (k == "description" and isinstance(v, str))}
    return [strip(x) for x in d] if isinstance(d, list) else d

def outcome(fn):
    try:
        return ["ok", repr(fn())]
    except Exception as e:
        return ["error", type(e).__name__]

class D(s.Entity, s.Monetary, s.Threaded, s.Prioritized):
    stage: str | None = s.field(role="crm.stage")

out = {"all": s.__all__, "facets": list(s.facets.__all__), "catalog": g.build_catalog()}
for n in list(s.facets.__all__) + ["Entity", "Ref", "EntityList"]:
    cls = getattr(s, n)
    out[n] = [strip(cls.model_json_schema()), str(inspect.signature(cls)), cls.__module__]
out["D"] = strip(s.EntityList[D].model_json_schema())
out["roles"] = s.roles_of(D)
out["sigs"] = {
    n: str(inspect.signature(getattr(s, n)))
    for n in ["field", "roles_of", "resolve_facets", "is_valid_role", "namespace_of",
              "validate_custom_role"]
}
out["dump"] = D(id=1, title="t", amount="1.50", priority="high",
                thread_ref={"id": 1, "kind": "k", "title": "x"}).model_dump(mode="json")
out["kinds"] = [D(id=1, title="t").kind, D(id=1, title="t", kind="").kind, s.Entity(id=1, title="t").kind]
out["outcomes"] = {
    "role reserved": outcome(lambda: s.field(role="money.x")),
    "role malformed": outcome(lambda: s.field(role="Nope")),
    "role none": outcome(lambda: s.field(role=None)),
    "facet unknown": outcome(lambda: s.resolve_facets(["Nope"])),
    "facet int": outcome(lambda: s.resolve_facets([1])),
    "priority bad": outcome(lambda: s.Prioritized(priority="whenever")),
    "ref partial": outcome(lambda: s.Ref(id=1)),
    "list empty": outcome(lambda: s.EntityList()),
    "list positional": outcome(lambda: s.EntityList([1])),
    "list len iter": outcome(lambda: (len(s.EntityList(items=[1, 2])), list(s.EntityList(items=[3])))),
    "valid roles": outcome(lambda: [s.is_valid_role(r) for r in ["a.b", "a.b.c", "A.b", "a", "a.1", "a1.b"]]),
}
print(json.dumps(out, sort_keys=True, default=str).replace("imperal_sdk.", "sdk."))
"""


def _run(python: str, which: str) -> dict:
    done = subprocess.run(
        [python, "-c", PROBE, which, str(ROOT)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not ORACLE, reason="IMPERAL_SDK_ORACLE_PYTHON is not set")
def test_sdl_matches_the_real_sdk():
    real = _run(ORACLE, "real")
    ours = _run(sys.executable, "ours")
    assert real.keys() == ours.keys()
    different = sorted(k for k in real if real[k] != ours[k])
    assert different == [], {k: (real[k], ours[k]) for k in different[:3]}
