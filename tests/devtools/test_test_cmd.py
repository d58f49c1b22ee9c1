"""`imperal-shell test PATH`: the extension's own suite runs against this SDK, counted reliably.

Each test runs the real console script in a subprocess on an extension written the way real
ones are: `from imperal_sdk import ...`, `from imperal_sdk.testing import MockContext`,
`from main import ext`, sibling `from app import ...`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHELL = Path(sys.executable).parent / "imperal-shell"

MAIN = """
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

from app import GREETING

ext = Extension("hello", version="1.0.0", display_name="Hello")
chat = ChatExtension(ext, "hello", "Says hello")


class GreetParams(BaseModel):
    name: str = "World"


@chat.function("greet", action_type="write", description="Greets someone and remembers it.")
async def greet(ctx, params: GreetParams) -> ActionResult:
    await ctx.store.create("greetings", {"name": params.name})
    return ActionResult.success(data={"message": f"{GREETING}, {params.name}"}, summary="hi")
"""

PASSING_TESTS = """
import pytest
from imperal_sdk import ActionResult
from imperal_sdk.testing import MockContext, MockSecretStore

from main import GreetParams, ext, greet


async def test_greet_stores_the_name():
    ctx = MockContext()
    result = await greet(ctx, GreetParams(name="Ann"))
    assert isinstance(result, ActionResult)
    assert result.data == {"message": "Hello, Ann"}
    assert [d["name"] for d in ctx.store._data["greetings"].values()] == ["Ann"]


def test_app_id():
    assert ext.app_id == "hello"


async def test_secret_store():
    assert await MockSecretStore({"token": "x"}).get("token") == "x"


@pytest.mark.skip(reason="not yet")
def test_later():
    raise AssertionError("skipped tests do not run")
"""

FAILING_TESTS = """
import pytest
from main import ext


def test_ok():
    assert ext.app_id == "hello"


def test_wrong_app_id():
    assert ext.app_id == "goodbye"


@pytest.fixture
def broken():
    raise RuntimeError("fixture failed")


def test_uses_broken_fixture(broken):
    pass
"""


def write_extension(root: Path, tests: str | None, *, package: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.py").write_text(MAIN, encoding="utf-8")
    (root / "app.py").write_text('GREETING = "Hello"\n', encoding="utf-8")
    if tests is not None:
        (root / "tests").mkdir()
        (root / "tests" / "test_main.py").write_text(tests, encoding="utf-8")
        if package:
            (root / "tests" / "__init__.py").write_text("", encoding="utf-8")
    return root


def shell(tmp_path: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(IMPERAL_SHELL_HOME=str(tmp_path / "home"), IMPERAL_SHELL_SERVER="0")
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [str(SHELL), *args],
        cwd=cwd or tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("package", [False, True], ids=["tests-dir", "tests-package"])
def test_passing_suite_exits_0_with_counts(tmp_path: Path, package: bool) -> None:
    ext = write_extension(tmp_path / "hello", PASSING_TESTS, package=package)
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "tests: 3 passed, 0 failed, 0 errors, 1 skipped"


def test_json_counts(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", PASSING_TESTS)
    done = shell(tmp_path, "test", str(ext), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["passed"], result["failed"], result["errors"], result["skipped"]) == (3, 0, 0, 1)
    assert (result["outcome"], result["total"]) == ("passed", 4)
    assert "3 passed, 1 skipped" in done.stderr  # pytest's own report moved to stderr


def test_failing_suite_exits_1_with_counts(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", FAILING_TESTS)
    done = shell(tmp_path, "test", str(ext), "--json")
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert (result["passed"], result["failed"], result["errors"]) == (1, 1, 1)
    assert result["outcome"] == "failed"


def test_collection_error_counts_as_an_error(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", "import not_a_module_anywhere\n")
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "tests: 0 passed, 0 failed, 1 errors, 0 skipped"


def test_pytest_args_pass_through(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", FAILING_TESTS)
    done = shell(tmp_path, "test", str(ext), "-k", "test_ok")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "tests: 1 passed, 0 failed, 0 errors, 0 skipped"


def test_default_path_is_cwd_and_tests_at_root_work(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", None)
    (ext / "test_root.py").write_text(
        "from main import ext\n\ndef test_id():\n    assert ext.app_id == 'hello'\n",
        encoding="utf-8",
    )
    done = shell(tmp_path, "test", cwd=ext)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("tests: 1 passed, 0 failed")


def test_no_tests_is_not_success(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", None)
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 5  # pytest's "no tests ran": not a success
    assert "no tests collected" in done.stderr
    assert done.stdout.splitlines()[-1] == "tests: 0 passed, 0 failed, 0 errors, 0 skipped"
    as_json = json.loads(shell(tmp_path, "test", str(ext), "--json").stdout)
    assert (as_json["outcome"], as_json["total"]) == ("no_tests", 0)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    done = shell(tmp_path, "test", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "no such directory" in done.stderr


def test_parent_config_does_not_leak_in(tmp_path: Path) -> None:
    """An extension inside a repo whose pytest config would break it still runs on its own terms."""
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:asyncio --strict-markers -m nothing\n", encoding="utf-8"
    )
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "conftest.py").write_text("raise RuntimeError('not yours')\n")
    ext = write_extension(tmp_path / "repo" / "hello", PASSING_TESTS)
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("tests: 3 passed, 0 failed")


def test_extension_config_is_respected_and_alias_survives_it(tmp_path: Path) -> None:
    """Its own config (importlib mode, a conftest fiddling with sys.path) keeps the alias."""
    ext = write_extension(tmp_path / "hello", PASSING_TESTS)
    (ext / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "--import-mode=importlib"\n', encoding="utf-8"
    )
    (ext / "conftest.py").write_text(
        "import sys\nsys.path.insert(0, '/nonexistent')\n", encoding="utf-8"
    )
    # A stale vendored copy of the SDK in the extension folder must not win over ours.
    (ext / "imperal_sdk").mkdir()
    (ext / "imperal_sdk" / "__init__.py").write_text("raise ImportError('stale')\n")
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("tests: 3 passed, 0 failed")


def test_extension_asyncio_mode_is_respected(tmp_path: Path) -> None:
    ext = write_extension(tmp_path / "hello", PASSING_TESTS)
    (ext / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n", encoding="utf-8")
    done = shell(tmp_path, "test", str(ext), "--json")
    result = json.loads(done.stdout)
    # strict mode needs @pytest.mark.asyncio: unmarked async tests fail, as the author chose.
    assert (result["passed"], result["failed"]) == (1, 2)
    assert done.returncode == 1


def test_an_extension_inside_a_project_is_its_own_project(tmp_path: Path) -> None:
    """Like tests/corpus/x in this repo: the outer pyproject's pytest settings and the outer
    tests/conftest.py stay out; the rootdir is the extension folder."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
        'addopts = "-p no:asyncio --strict-markers -m nothing"\n',
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text("raise RuntimeError('outer conftest')\n")
    (tmp_path / "tests" / "corpus").mkdir()
    ext = write_extension(tmp_path / "tests" / "corpus" / "hello", PASSING_TESTS)
    done = shell(tmp_path, "test", str(ext), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"rootdir: {ext}" in done.stdout
    assert done.stdout.splitlines()[-1] == "tests: 3 passed, 0 failed, 0 errors, 1 skipped"


def test_subprocesses_of_the_suite_import_the_sdk(tmp_path: Path) -> None:
    ext = write_extension(
        tmp_path / "hello",
        "import subprocess, sys\n\n"
        "def test_child():\n"
        "    done = subprocess.run([sys.executable, '-c', 'import imperal_sdk'],"
        " capture_output=True, text=True)\n"
        "    assert done.returncode == 0, done.stderr\n",
    )
    done = shell(tmp_path, "test", str(ext))
    assert done.returncode == 0, done.stdout + done.stderr
