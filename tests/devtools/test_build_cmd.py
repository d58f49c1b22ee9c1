"""`imperal-shell build`: a schema-valid imperal.json (merged with the one on disk), exit 2
without main.py or an Extension, exit 1 and nothing kept when the manifest fails the schema.
Real console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdk.manifest_schema import Manifest, validate_manifest_dict

SHELL = Path(sys.executable).parent / "imperal-shell"
REPO = Path(__file__).resolve().parents[2]
SHIPPED_SCHEMA = REPO / "sdk" / "schemas" / "imperal.schema.json"

SOURCE = '''\
"""A small extension used by the build tests."""

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension(
    "probe",
    version="{version}",
    display_name="Probe",
    description="A probe extension used by the build tests of imperal-shell.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["probe:read"],
)
chat = ChatExtension(ext, "probe", "Probe — a test extension.")


class EchoParams(BaseModel):
    text: str = "hi"


class Echo(BaseModel):
    text: str


@chat.function("echo", description="Echo the text back to the user.", action_type="read")
async def echo(ctx, params: EchoParams) -> ActionResult[Echo]:
    """Echo."""
    return ActionResult.success({{"text": params.text}}, summary=params.text)


@ext.signal("ping")
async def ping(ctx, **kwargs):
    """A signal."""


@ext.schedule("nightly", cron="0 3 * * *")
async def nightly(ctx):
    """A schedule."""
'''


@pytest.fixture
def shell(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(IMPERAL_SHELL_HOME=str(tmp_path / "home"), IMPERAL_SHELL_SERVER="0")

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(SHELL), *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        return proc

    return run


def _extension(tmp_path: Path, source: str) -> Path:
    root = tmp_path / "probe"
    root.mkdir()
    (root / "main.py").write_text(source)
    shutil.copy(REPO / "extensions" / "notes" / "icon.svg", root / "icon.svg")
    return root


def _assert_schema_valid(manifest: dict) -> None:
    assert validate_manifest_dict(manifest) == []
    Manifest.model_validate(manifest)
    schema = json.loads(SHIPPED_SCHEMA.read_text())
    assert set(schema["required"]) <= set(manifest)
    if schema.get("additionalProperties") is False:
        assert set(manifest) <= set(schema["properties"])


def test_build_writes_a_schema_valid_manifest_and_prints_counts(shell, tmp_path):
    root = _extension(tmp_path, SOURCE.format(version="1.2.3"))
    proc = shell("build", str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "Built: probe v1.2.3"
    assert "  Tools: 0" in lines and "  Signals: 1" in lines and "  Schedules: 1" in lines
    assert f"  Manifest: {root / 'imperal.json'}" in lines
    manifest = json.loads((root / "imperal.json").read_text())
    _assert_schema_valid(manifest)
    assert manifest["manifest_schema_version"] == 3
    assert [t["name"] for t in manifest["tools"]] == ["echo"]
    assert manifest["tools"][0]["return_schema"]["title"] == "Echo"
    assert manifest["schedules"] == [{"name": "nightly", "cron": "0 3 * * *"}]


def test_build_keeps_author_edits_of_the_existing_manifest(shell, tmp_path):
    root = _extension(tmp_path, SOURCE.format(version="1.2.3"))
    assert shell("build", str(root)).returncode == 0
    manifest = json.loads((root / "imperal.json").read_text())
    manifest.update(name="Probe Pro", tags=["demo"], version="0.0.1")
    (root / "imperal.json").write_text(json.dumps(manifest))
    proc = shell("build", str(root), "--json")
    assert proc.returncode == 0
    summary = json.loads(proc.stdout)
    assert summary["valid"] is True and summary["manifest"] == str(root / "imperal.json")
    assert (summary["tools"], summary["signals"], summary["schedules"]) == (1, 1, 1)
    rebuilt = json.loads((root / "imperal.json").read_text())
    assert (rebuilt["name"], rebuilt["tags"]) == ("Probe Pro", ["demo"])
    assert rebuilt["version"] == "1.2.3", "generated fields come from main.py"
    _assert_schema_valid(rebuilt)


def test_manifest_failing_the_schema_exits_1_and_restores_the_old_file(shell, tmp_path):
    root = _extension(tmp_path, SOURCE.format(version="not-a-version"))
    old = b'{"name": "kept as it was"}\n'
    (root / "imperal.json").write_bytes(old)
    proc = shell("build", str(root))
    assert proc.returncode == 1
    assert "Build failed" in proc.stdout
    assert "  ERROR  [imperal.json]  [M" in proc.stdout and "version" in proc.stdout
    assert (root / "imperal.json").read_bytes() == old
    as_json = json.loads(shell("build", str(root), "--json").stdout)
    assert as_json["valid"] is False and as_json["manifest"] is None
    assert any("version" in i["message"] for i in as_json["issues"])


def test_without_an_earlier_manifest_a_failed_build_leaves_none(shell, tmp_path):
    root = _extension(tmp_path, SOURCE.format(version="1.0"))
    assert shell("build", str(root)).returncode == 1
    assert not (root / "imperal.json").exists()


def test_missing_main_or_extension_is_a_usage_error(shell, tmp_path):
    (tmp_path / "empty").mkdir()
    proc = shell("build", str(tmp_path / "empty"))
    assert proc.returncode == 2 and "no main.py" in proc.stderr
    root = _extension(tmp_path, '"""No extension here."""\nVALUE = 1\n')
    proc = shell("build", str(root))
    assert proc.returncode == 2
    assert "defines no Extension" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (root / "imperal.json").exists()


def test_import_error_names_file_and_line_and_writes_nothing(shell, tmp_path):
    source = SOURCE.format(version="1.2.3") + "\nraise RuntimeError('boom at import')\n"
    root = _extension(tmp_path, source)
    line = len(source.splitlines())
    proc = shell("build", str(root))
    assert proc.returncode == 1
    assert f"  ERROR  [main.py:{line}]  [LOAD] main.py failed to import: RuntimeError: boom" in (
        proc.stdout
    )
    assert not (root / "imperal.json").exists()


@pytest.mark.parametrize("name", ["notes", "tasks"])
def test_first_party_extensions_build_schema_valid_manifests(shell, tmp_path, name):
    copy = tmp_path / name
    shutil.copytree(REPO / "extensions" / name, copy)
    proc = shell("build", str(copy))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"Built: {name} v1.0.0")
    manifest = json.loads((copy / "imperal.json").read_text())
    _assert_schema_valid(manifest)
    assert manifest["app_id"] == name and manifest["tools"]
    checked = shell("validate", str(copy), "--json")
    assert checked.returncode == 0
    assert json.loads(checked.stdout)["counts"]["errors"] == 0
    assert not (REPO / "extensions" / name / "imperal.json").exists()
