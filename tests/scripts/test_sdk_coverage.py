"""`scripts/sdk_coverage.py`: parses the introspection listing and compares it with our `sdk`."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location(
        "sdk_coverage", ROOT / "scripts" / "sdk_coverage.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["sdk_coverage"] = module
    spec.loader.exec_module(module)
    return module


cov = _load()

LISTING = """# header

## imperal_sdk.errors

- class `ImperalError` (Exception, BaseException) `(message='', code='', status_code=0)`
  - `__init__`: `(self, message='', code='', status_code=0)`
- class `NoSuchThing` `(a, b=1)`
- def `nope_function(x, *, y=2)` [6.x]
- `NOT_A_CONSTANT_HERE` = `42`
- re-exports: `ImperalError -> imperal_sdk.errors`; `Ghost -> imperal_sdk.ghost [6.x]`

## imperal_sdk.does_not_exist [6.x]

- def `f(a)`

## imperal_sdk.types.action_result

- class `ActionResult` (Generic) `(status, data=<factory>, summary='')`
  - fields: `status, data={}, summary=''`
  - `success`: `static (data, summary, *, wrong_kw=None)`
  - `not_a_member`: `property`
"""


def test_parse_listing_reads_modules_names_members_and_markers():
    modules = {m.name: m for m in cov.parse_listing(LISTING)}
    assert set(modules) == {
        "imperal_sdk.errors",
        "imperal_sdk.does_not_exist",
        "imperal_sdk.types.action_result",
    }
    assert modules["imperal_sdk.does_not_exist"].only == "6.x"
    names = {n.name: n for n in modules["imperal_sdk.errors"].names if n.kind != "reexport"}
    assert names["ImperalError"].kind == "class"
    assert names["ImperalError"].signature == "(message='', code='', status_code=0)"
    assert names["nope_function"].kind == "def" and names["nope_function"].only == "6.x"
    assert names["NOT_A_CONSTANT_HERE"].kind == "const"
    reexports = [n for n in modules["imperal_sdk.errors"].names if n.kind == "reexport"]
    assert [(r.name, r.target, r.only) for r in reexports] == [
        ("ImperalError", "imperal_sdk.errors", None),
        ("Ghost", "imperal_sdk.ghost", "6.x"),
    ]
    ar = modules["imperal_sdk.types.action_result"].names[0]
    assert ar.fields == ["status", "data={}", "summary=''"]
    assert [(m.name, m.kind) for m in ar.members] == [
        ("success", "static"),
        ("not_a_member", "property"),
    ]


def test_coverage_counts_present_missing_and_differing_per_version():
    modules = cov.parse_listing(LISTING)
    v5 = cov.coverage(modules, "5.11.0")
    errors = v5["modules"]["imperal_sdk.errors"]
    assert "NoSuchThing" in errors["missing"]
    assert "NOT_A_CONSTANT_HERE" in errors["missing"]
    assert "nope_function" not in errors["missing"]  # 6.x only
    assert "imperal_sdk.does_not_exist" not in v5["modules"]
    differs = {
        d["name"]: d["detail"] for d in v5["modules"]["imperal_sdk.types.action_result"]["differs"]
    }
    assert "signature" in differs["ActionResult"]
    assert "not_a_member: missing" in differs["ActionResult"]
    v6 = cov.coverage(modules, "6.3.7")
    assert v6["modules"]["imperal_sdk.does_not_exist"]["import_error"]
    assert v6["totals"]["modules_missing"] == 1
    assert v6["totals"]["names"] == sum(v6["totals"][k] for k in ("present", "missing", "differs"))


def test_same_signature_treats_factory_and_empty_literal_alike():
    assert cov.same_signature("a, b=<factory>", "a, b={}")
    assert not cov.same_signature("a, b=<factory>", "a, b=None")
    assert not cov.same_signature("a, b=1", "a, c=1")


def test_main_prints_json_figures(tmp_path, capsys):
    listing = tmp_path / "api.md"
    listing.write_text(LISTING, encoding="utf-8")
    assert cov.main(["--listing", str(listing), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["version"] for r in data["reports"]] == ["5.11.0", "6.3.7"]


def test_main_refuses_a_missing_listing(tmp_path, capsys):
    assert cov.main(["--listing", str(tmp_path / "nope.md")]) == 2
    assert "listing not found" in capsys.readouterr().err


# A copy of the reference listing (facts introspected from the real packages).
SHIPPED_LISTING = ROOT / "tests" / "sdk" / "golden" / "imperal_sdk_api.md"


def test_sdk_has_every_5_11_name_with_its_signature_and_every_6_3_7_name():
    modules = cov.parse_listing(SHIPPED_LISTING.read_text(encoding="utf-8"))
    assert len(modules) > 150
    v5 = cov.coverage(modules, "5.11.0")["totals"]
    assert (v5["missing"], v5["differs"], v5["modules_missing"]) == (0, 0, 0), v5
    v6 = cov.coverage(modules, "6.3.7")
    assert (v6["totals"]["missing"], v6["totals"]["modules_missing"]) == (0, 0)
    differing = {d["name"] for m in v6["modules"].values() for d in m["differs"]}
    assert differing <= {"DEFAULT_APP_ICON", "DEFAULT_QUANTUM_ICON"}  # our own artwork
