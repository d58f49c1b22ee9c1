"""`imperal-shell init`: every template validates with no errors, its own tests pass, build
writes a schema-valid imperal.json, and the shell loads and calls it. Real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdk.manifest_schema import Manifest, validate_manifest_dict

SHELL = Path(sys.executable).parent / "imperal-shell"
FILES = ("main.py", "icon.svg", "requirements.txt", ".gitignore", "tests/__init__.py")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="0", NO_COLOR="1")
    return env


@pytest.fixture
def shell(tmp_path):
    home = tmp_path / "home"
    home.mkdir()

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(SHELL), *args],
            capture_output=True,
            text=True,
            env=_env(home),
            cwd=cwd,
            timeout=120,
        )
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        return proc

    run.home = home
    return run


def _own_tests(ext_dir: Path) -> subprocess.CompletedProcess:
    """The scaffold's own suite, as an author runs it (the alias plugin makes imperal_sdk)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "imperal_tui.devtools.pytest_alias"]
        + ["-p", "no:cacheprovider", str(ext_dir / "tests")],
        capture_output=True,
        text=True,
        cwd=ext_dir.parent,
        env=_env(ext_dir.parent),
        timeout=120,
    )


@pytest.mark.parametrize(
    ("template", "function", "args", "summary"),
    [
        ("chat", "greet", {"name": "Ada", "excited": True}, "Hello, Ada!"),
        ("panel", "add_item", {"title": "milk"}, "Added “milk”"),
        ("skeleton", "add_item", {"title": "eggs"}, "Added “eggs”"),
    ],
)
def test_template_validates_tests_builds_and_runs_in_the_shell(
    shell, template, function, args, summary
):
    extensions = shell.home / "extensions"
    name = f"my-{template}"
    created = shell("init", name, "--template", template, "--dir", str(extensions))
    assert created.returncode == 0, created.stderr
    assert "Next steps" in created.stdout
    ext_dir = extensions / name
    for rel in (*FILES, "tests/test_main.py"):
        assert (ext_dir / rel).is_file(), rel
    main = (ext_dir / "main.py").read_text()
    assert "from imperal_sdk import" in main
    assert "@ext.health_check" in main and "@ext.on_install" in main
    icon = (ext_dir / "icon.svg").read_text()
    assert 'viewBox="0 0 24 24"' in icon and 'width="24"' in icon
    assert "MockContext" in (ext_dir / "tests/test_main.py").read_text()

    # validate: zero errors, and the only warning is "no imperal.json yet" (V8)
    checked = shell("validate", str(ext_dir), "--json")
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["app_id"] == name and report["version"] == "1.0.0"
    assert report["counts"]["errors"] == 0
    assert [i["rule"] for i in report["issues"]] == ["V8"]

    # its own tests pass against this SDK
    tested = _own_tests(ext_dir)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert " passed" in tested.stdout and "failed" not in tested.stdout

    # build: a schema-valid imperal.json, after which validate is spotless
    built = shell("build", str(ext_dir))
    assert built.returncode == 0, built.stdout + built.stderr
    assert f"Built: {name} v1.0.0" in built.stdout
    manifest = json.loads((ext_dir / "imperal.json").read_text())
    assert validate_manifest_dict(manifest) == []
    assert Manifest.model_validate(manifest).app_id == name
    assert function in [t["name"] for t in manifest["tools"]]
    again = shell("validate", str(ext_dir), "--json")
    assert json.loads(again.stdout)["issues"] == []

    # the shell loads it from $IMPERAL_SHELL_HOME/extensions and runs a function
    called = shell("call", f"{name}.{function}", "--args", json.dumps(args), "--json")
    assert called.returncode == 0, called.stdout + called.stderr
    step = json.loads(called.stdout)["steps"][0]
    assert (step["app_id"], step["function"], step["status"]) == (name, function, "ok")
    assert step["summary"] == summary


@pytest.mark.parametrize("template", ["chat", "panel", "skeleton"])
def test_scaffold_loads_with_the_kernel_loader(shell, tmp_path, template):
    from kernel.loader import load_one

    assert shell("init", f"ld-{template}", "--template", template).returncode == 0
    loaded = load_one(tmp_path / f"ld-{template}")
    assert loaded.ext.app_id == f"ld-{template}"
    assert loaded.ext.description and len(loaded.ext.description) >= 40
    assert loaded.ext.icon == "icon.svg" and loaded.ext.actions_explicit is True
    assert loaded.functions, "at least one chat function"
    if template == "panel":
        assert loaded.ext.panels["items"]["slot"] == "left"
    if template == "skeleton":
        assert "skeleton_refresh_summary" in loaded.ext.tools


def test_scaffold_tests_catch_a_broken_function(shell, tmp_path):
    """The generated tests assert behaviour: break greet and they fail."""
    assert shell("init", "greeter").returncode == 0
    main = tmp_path / "greeter" / "main.py"
    main.write_text(main.read_text().replace('f"Hello, ', 'f"Bye, '))
    tested = _own_tests(tmp_path / "greeter")
    assert tested.returncode == 1
    assert "failed" in tested.stdout


def test_refuses_a_non_empty_folder_and_changes_nothing(shell, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "main.py").write_text("# mine\n")
    proc = shell("init", "taken")
    assert proc.returncode == 2
    assert "not empty" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert (target / "main.py").read_text() == "# mine\n"
    assert sorted(p.name for p in target.iterdir()) == ["main.py"]


def test_an_empty_existing_folder_is_filled(shell, tmp_path):
    (tmp_path / "fresh").mkdir()
    proc = shell("init", "fresh", "--template", "panel")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "fresh" / "main.py").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".fresh")] == []


@pytest.mark.parametrize("name", ["Bad_Name", "-lead", "trail-", "x", "my notes", "a.b"])
def test_rejects_names_that_are_not_app_ids(shell, tmp_path, name):
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = shell("init", "--", name)
    assert proc.returncode == 2
    assert "not a valid app id" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_unknown_template_is_a_usage_error(shell, tmp_path):
    proc = shell("init", "my-ext", "--template", "tool")
    assert proc.returncode == 2
    assert not (tmp_path / "my-ext").exists()
