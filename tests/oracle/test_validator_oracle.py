"""Oracle tier for the validator: the recorded expectations of tests/sdk/test_validator_parity.py
are still what the real imperal-sdk 5.11 reports (its `imperal validate` CLI on every fixture
folder, its `validate_manifest_dict` / `validate_manifest_v1_6_0` on every manifest case).

Runs when `IMPERAL_SDK_ORACLE_PYTHON` names the interpreter of a throwaway venv with
`imperal-sdk==5.11.0` installed; skipped otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.oracle

CASES = Path(__file__).resolve().parents[1] / "sdk" / "validator_cases"
FOLDERS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())
ORACLE = os.environ.get("IMPERAL_SDK_ORACLE_PYTHON", "")
LINE = re.compile(r"^\s+(ERROR|WARN|INFO)\s+(?:\S+:\d+\s+)?\[([A-Za-z0-9._-]+)\]")

MANIFEST_PROBE = r"""
import json, sys
from imperal_sdk.manifest_schema import validate_manifest_dict
from imperal_sdk.validator_v1_6_0 import validate_manifest_v1_6_0
out = {}
for name, case in json.load(open(sys.argv[1])).items():
    data = case["manifest"]
    try:
        res = {"issues": sorted([i.rule, i.level] for i in validate_manifest_dict(data))}
    except ValueError as exc:
        res = {"raises": str(exc).split(" ")[0]}
    if isinstance(data, dict):
        found = validate_manifest_v1_6_0(data, None)
        res["sdk_version_rule"] = sorted([i.rule, i.level] for i in found)
    out[name] = res
print(json.dumps(out))
"""


def _oracle_version() -> str:
    if not ORACLE or not Path(ORACLE).exists():
        return ""
    probe = "from importlib.metadata import version; print(version('imperal-sdk'))"
    done = subprocess.run([ORACLE, "-c", probe], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


VERSION = _oracle_version()
needs_oracle = pytest.mark.skipif(
    VERSION != "5.11.0", reason="needs IMPERAL_SDK_ORACLE_PYTHON with imperal-sdk 5.11.0"
)


def real_cli(folder: Path) -> list[tuple[str, str]]:
    cli = Path(ORACLE).parent / "imperal"
    done = subprocess.run(
        [str(cli), "validate", "."], cwd=folder, capture_output=True, text=True, timeout=120
    )
    found = [(m.group(2), m.group(1)) for ln in done.stdout.splitlines() if (m := LINE.match(ln))]
    crashed = done.returncode not in (0, 1) or "Traceback" in done.stderr
    crashed = crashed or done.stderr.startswith("Error:")  # it found no `ext` (import failed)
    return [("LOAD", "ERROR")] if crashed else found


@needs_oracle
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_recorded_folder_expectation_is_what_the_real_cli_reports(folder, tmp_path):
    work = tmp_path / folder.name  # the real CLI writes __pycache__; keep the fixtures clean
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns("expected.json", "__pycache__"))
    expected = Counter(tuple(x) for x in json.loads((folder / "expected.json").read_text()))
    assert Counter(real_cli(work)) == expected


@needs_oracle
def test_recorded_manifest_expectations_are_what_the_real_functions_return(tmp_path):
    cases = json.loads((CASES / "manifest_cases.json").read_text(encoding="utf-8"))
    mine = {n: c for n, c in cases.items() if c["oracle"] == "5.11.0"}
    (tmp_path / "cases.json").write_text(json.dumps(mine))
    done = subprocess.run(
        [ORACLE, "-c", MANIFEST_PROBE, str(tmp_path / "cases.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    real = json.loads(done.stdout)
    for name, case in mine.items():
        want = {k: case[k] for k in ("issues", "raises", "sdk_version_rule") if k in case}
        assert real[name] == want, name
