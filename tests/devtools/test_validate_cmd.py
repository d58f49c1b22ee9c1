"""`imperal-shell validate`: the report format, exit codes, and clear messages (file and line,
never a traceback) for extensions that do not even import. Real console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHELL = Path(sys.executable).parent / "imperal-shell"
REPO = Path(__file__).resolve().parents[2]

GOOD_HEAD = '''\
"""A small extension used by the tests."""

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension(
    "probe",
    version="1.2.3",
    display_name="Probe",
    description="A probe extension used by the validate tests of imperal-shell.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["probe:read"],
)
chat = ChatExtension(ext, "probe", "Probe — a test extension.")
'''

# line 21 holds the function without a params model or an ActionResult annotation
BROKEN = (
    GOOD_HEAD
    + '''

@chat.function("bad", description="Does something without declaring its params.", action_type="read")
async def bad(ctx, **kwargs):
    """No params model, no ActionResult annotation."""
    return {"ok": True}
'''
)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.pop("NO_COLOR", None)
    env.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="0")
    return env


@pytest.fixture
def shell(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(SHELL), *args],
            capture_output=True,
            text=True,
            env=_env(tmp_path / "home"),
            cwd=tmp_path,
            timeout=120,
        )
        both = proc.stdout + proc.stderr
        assert "Traceback" not in both, both
        assert "\x1b[" not in both, "no ANSI when stdout/stderr are not terminals"
        return proc

    return run


def _extension(tmp_path: Path, source: str, name: str = "probe") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "main.py").write_text(source)
    shutil.copy(REPO / "extensions" / "notes" / "icon.svg", root / "icon.svg")
    return root


def _line_of(root: Path, needle: str) -> int:
    lines = (root / "main.py").read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def test_broken_extension_exits_1_naming_rule_file_and_line(shell, tmp_path):
    root = _extension(tmp_path, BROKEN)
    line = _line_of(root, "@chat.function")
    proc = shell("validate", str(root))
    assert proc.returncode == 1
    out = proc.stdout
    assert out.splitlines()[0].startswith("Imperal extension validator")
    assert "Extension: probe v1.2.3" in out
    results = re.search(r"^RESULTS: (\d+) error\(s\), (\d+) warning\(s\), (\d+) info$", out, re.M)
    assert results and int(results.group(1)) >= 2
    v17 = re.search(rf"^  ERROR  \[main\.py:{line}\]  \[V17\] function 'bad' .*$", out, re.M)
    assert v17, out
    assert re.search(rf"^  ERROR  \[main\.py:{line}\]  \[V5\] ", out, re.M), out
    fix = out.splitlines()[out.splitlines().index(v17.group(0)) + 1]
    assert fix.startswith("    Fix: ")


def test_json_report_is_one_object_with_counts_and_issues(shell, tmp_path):
    root = _extension(tmp_path, BROKEN)
    proc = shell("validate", str(root), "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert (data["app_id"], data["version"]) == ("probe", "1.2.3")
    assert data["counts"]["errors"] == len([i for i in data["issues"] if i["level"] == "ERROR"])
    assert data["counts"]["errors"] >= 2
    v17 = next(i for i in data["issues"] if i["rule"] == "V17")
    assert v17["file"] == "main.py" and v17["line"] == _line_of(root, "@chat.function")
    assert v17["fix"]


def test_extension_prints_go_to_stderr_not_into_the_json(shell, tmp_path):
    root = _extension(tmp_path, GOOD_HEAD + '\nprint("hello from main.py")\n')
    proc = shell("validate", str(root), "--json")
    assert json.loads(proc.stdout)["app_id"] == "probe"
    assert "hello from main.py" in proc.stderr


@pytest.mark.parametrize(
    ("tail", "needle", "expected"),
    [
        ("\nx = (\n", "x = (", "SyntaxError"),
        ("\nimport no_such_module_here\n", "import no_such", "ModuleNotFoundError"),
        (
            '\n@ext.panel("side", slot="sidebar")\nasync def side(ctx, **kw):\n    """P."""\n',
            "@ext.panel",
            "'sidebar'",
        ),
        (
            '\n@ext.skeleton("a/b")\nasync def sk(ctx):\n    """S."""\n',
            "@ext.skeleton",
            "may not contain",
        ),
        (
            '\next.secret("api_key", "The key")\next.secret("api_key", "Again")\n',
            '"Again"',
            "SecretDeclarationConflict",
        ),
    ],
    ids=["syntax-error", "import-error", "bad-panel-slot", "skeleton-slash", "duplicate-secret"],
)
def test_main_that_does_not_import_is_a_clear_load_error(shell, tmp_path, tail, needle, expected):
    root = _extension(tmp_path, GOOD_HEAD + tail)
    line = _line_of(root, needle)
    proc = shell("validate", str(root))
    assert proc.returncode == 1
    load = re.search(
        rf"^  ERROR  \[main\.py:{line}\]  \[LOAD\] main\.py failed to import: (.*)$",
        proc.stdout,
        re.M,
    )
    assert load, proc.stdout
    assert expected in load.group(1)
    data = json.loads(shell("validate", str(root), "--json").stdout)
    assert any(i["rule"] == "LOAD" and i["line"] == line for i in data["issues"])


def test_usage_errors_exit_2_with_one_line(shell, tmp_path):
    missing = shell("validate", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no such file or directory" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and missing.stdout == ""
    (tmp_path / "empty").mkdir()
    no_main = shell("validate", str(tmp_path / "empty"), "--json")
    assert no_main.returncode == 2
    assert "no main.py" in no_main.stderr and no_main.stdout == ""


def test_no_module_level_ext_is_an_error(shell, tmp_path):
    root = _extension(tmp_path, GOOD_HEAD.replace("ext = Extension(", "app = Extension("))
    root.joinpath("main.py").write_text(
        root.joinpath("main.py").read_text().replace("ChatExtension(ext,", "ChatExtension(app,")
    )
    proc = shell("validate", str(root))
    assert proc.returncode == 1
    assert "[LOAD] main.py defines no module-level `ext` Extension" in proc.stdout


def test_path_to_main_py_works_like_its_folder(shell, tmp_path):
    root = _extension(tmp_path, BROKEN)
    proc = shell("validate", str(root / "main.py"), "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["app_id"] == "probe"


@pytest.mark.parametrize("name", ["notes", "tasks"])
def test_first_party_extensions_have_no_errors(shell, tmp_path, name):
    copy = tmp_path / name
    shutil.copytree(REPO / "extensions" / name, copy)
    proc = shell("validate", str(copy), "--json")
    assert proc.returncode == 0, proc.stdout
    data = json.loads(proc.stdout)
    assert data["app_id"] == name and data["counts"]["errors"] == 0
    text = shell("validate", str(copy))
    assert re.search(r"^RESULTS: 0 error\(s\), \d+ warning\(s\), \d+ info$", text.stdout, re.M)
    assert not (REPO / "extensions" / name / "imperal.json").exists()


def test_default_path_is_the_current_folder(tmp_path):
    root = _extension(tmp_path, GOOD_HEAD)
    proc = subprocess.run(
        [str(SHELL), "validate", "--json"],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "home"),
        cwd=root,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["app_id"] == "probe"
    assert proc.stderr == ""


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run with stdout on a pseudo-terminal and return what it printed."""
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [str(SHELL), *args], stdout=follower, stderr=subprocess.PIPE, env=env, timeout=120
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert proc.returncode == 1
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_without_no_color(tmp_path):
    root = _extension(tmp_path, BROKEN)
    env = _env(tmp_path / "home")
    env.pop("TERM", None)
    coloured = _on_a_terminal(["validate", str(root)], env)
    assert "\x1b[1;31mERROR\x1b[0m" in coloured
    plain = _on_a_terminal(["validate", str(root)], {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "  ERROR  [main.py:" in plain


def test_author_commands_import_no_tui_or_http_libraries(tmp_path):
    code = (
        "import sys\n"
        "from imperal_tui.cli import main\n"
        f"assert main(['validate', {str(REPO / 'extensions' / 'notes')!r}, '--json']) == 0\n"
        "import imperal_tui.devtools.build_cmd, imperal_tui.devtools.init_cmd\n"
        "loaded = sorted(m for m in ('textual', 'rich', 'httpx') if m in sys.modules)\n"
        "assert loaded == [], loaded\n"
        "print('clean')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "home"),
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("clean")
