"""Validator parity with imperal-sdk 5.11: every folder under `validator_cases/` is a small
extension whose `expected.json` holds the (rule, level) list the real `imperal validate` printed
for it (a real import crash is recorded as LOAD); `manifest_cases.json` holds manifests with
what the real `validate_manifest_dict` / `validate_manifest_v1_6_0` returned or raised. The
cases that use 6.x manifest keys (tray badge_style / icon_color, search_providers) were
recorded from 6.3.7. `tests/oracle/test_validator_oracle.py` re-records them against the real
package when it is installed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sdk.manifest_schema import validate_manifest_dict
from sdk.validator import validate_path_report
from sdk.validator_v1_6_0 import validate_manifest_v1_6_0

CASES = Path(__file__).parent / "validator_cases"
FOLDERS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())
MANIFESTS = json.loads((CASES / "manifest_cases.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _no_rule_switches(monkeypatch):
    for name in ("IMPERAL_VALIDATOR_V23_SEVERITY", "IMPERAL_AUTHOR_ID"):
        monkeypatch.delenv(name, raising=False)


def test_the_cases_cover_every_rule_we_report():
    seen = {rule for f in FOLDERS for rule, _ in json.loads((f / "expected.json").read_text())}
    wanted = {f"V{n}" for n in range(1, 25) if n not in (7, 22)}  # real 5.11 never fires them
    wanted |= {"V24-AST", "V25", "V33", "V34", "M0", "M3", "M4", "M5", "LOAD", "SDK-VERSION-1"}
    wanted |= {"SKEL-GUARD-1", "SKEL-GUARD-2", "SKEL-GUARD-3", "CACHE-MODEL-1", "CACHE-TTL-1"}
    wanted |= {"MANIFEST-SKELETON-1", "PANEL-SLOT-1"}
    assert wanted <= seen, sorted(wanted - seen)
    assert len(FOLDERS) >= 80


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_reports_what_the_real_validator_reports(folder):
    expected = Counter(tuple(x) for x in json.loads((folder / "expected.json").read_text()))
    report = validate_path_report(folder)
    got = Counter((i.rule, i.level) for i in report.issues)
    assert got == expected, [str(i) for i in report.issues]


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_manifest_reports_what_the_real_validator_reports(name):
    case = MANIFESTS[name]
    data = case["manifest"]
    if "raises" in case:
        with pytest.raises(ValueError, match=case["raises"].replace(".", r"\.")):
            validate_manifest_dict(data)
    else:
        got = sorted([i.rule, i.level] for i in validate_manifest_dict(data))
        assert got == case["issues"]
    if "sdk_version_rule" in case:
        got = sorted([i.rule, i.level] for i in validate_manifest_v1_6_0(data))
        assert got == case["sdk_version_rule"]
