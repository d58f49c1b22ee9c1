"""`imperal-shell test PATH`: run an extension's own pytest suite against this SDK.

pytest runs in a child process (cwd PATH, PATH first on `sys.path`) whose bootstrap imports
this shell's `sdk` before the extension's folder can shadow it and installs the `imperal_sdk`
alias, so tests written against the documented SDK (`from imperal_sdk.testing import
MockContext`, `from main import ext`) run unchanged. A small in-process plugin counts the
outcomes and writes them as JSON: the counts never depend on parsing pytest's text output.

The extension folder is the run's project: its rootdir, its own pytest config if it has one
(else an empty one), and no conftest.py or config of a folder above it (a monorepo's).

Output: pytest's report, then one closing line `tests: N passed, N failed, N errors, N skipped`
(`--json`: one object with the same counts; pytest's report goes to stderr). Exit codes follow
pytest's: 0 every test passed, 1 a test failed or errored, 5 no test ran (not a success),
2 usage, 130 interrupted.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from imperal_tui.headless.usage import UsageError

# Runs in the child. argv: [-c, results.json, extension dir, *pytest args]
_BOOTSTRAP = r"""
import json, sys
results, root, args = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path[:] = [p for p in sys.path if p not in ("", ".", root)]
import sdk.alias                # ours, imported before the extension's folder is on the path
sdk.alias.install()             # and again by the `-p` plugin, whatever the extension's config
sys.path.insert(0, root)                  # `from main import ext`, `from app import ...`
import pytest

class _Counts:
    def __init__(self):
        self.counts = {}
    def _add(self, category):
        if category:
            self.counts[category] = self.counts.get(category, 0) + 1
    @pytest.hookimpl(trylast=True)
    def pytest_collectreport(self, report):
        if report.failed:
            self._add("error")
        elif report.skipped:
            self._add("skipped")
    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report):
        config = self.config
        category = config.hook.pytest_report_teststatus(report=report, config=config)[0]
        self._add(category if report.when == "call" or category in ("error", "skipped") else "")
    def pytest_configure(self, config):
        self.config = config
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        with open(results, "w", encoding="utf-8") as out:
            json.dump({"counts": self.counts, "exitstatus": int(exitstatus)}, out)

sys.exit(int(pytest.main(args, plugins=[_Counts()])))
"""

_INI_NAMES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")


@dataclass(frozen=True)
class SuiteResult:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    xpassed: int = 0
    outcome: str = "passed"  # passed | failed | no_tests | interrupted | usage | crashed
    message: str = ""
    pytest_exit: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.errors + self.skipped + self.xfailed + self.xpassed

    def line(self) -> str:
        """The closing counts line, e.g. `tests: 3 passed, 0 failed, 0 errors, 1 skipped`."""
        counts = [
            f"{self.passed} passed",
            f"{self.failed} failed",
            f"{self.errors} errors",
            f"{self.skipped} skipped",
        ]
        counts += [
            f"{v} {k}" for k, v in (("xfailed", self.xfailed), ("xpassed", self.xpassed)) if v
        ]
        return "tests: " + ", ".join(counts)


def run(args) -> int:
    root = _extension_dir(args.path)
    as_json, extra = _split_args(bool(getattr(args, "json", False)), args.pytest_args or [])
    summary = run_suite(root, extra, quiet_stdout=as_json)
    if as_json:
        print(json.dumps({"path": str(root), **asdict(summary), "total": summary.total}))
    else:
        if summary.message:
            print(summary.message, file=sys.stderr)
        sys.stderr.flush()
        print(summary.line(), flush=True)
    return exit_code(summary)


def exit_code(summary: SuiteResult) -> int:
    if summary.outcome == "passed":
        return 0
    if summary.outcome == "usage":
        return 2
    if summary.outcome == "interrupted":
        return 130
    if summary.outcome == "no_tests":
        return 5
    return 1


def run_suite(root: Path, extra: list[str], *, quiet_stdout: bool = False) -> SuiteResult:
    """Run pytest on the extension at `root`; pytest's own report goes to stdout (or stderr)."""
    if importlib.util.find_spec("pytest") is None:
        raise UsageError("pytest is not installed in this environment (pip install pytest)")
    with tempfile.TemporaryDirectory(prefix="imperal-test-") as tmp:
        results = Path(tmp) / "results.json"
        argv = _pytest_args(root, Path(tmp), extra)
        completed = subprocess.run(
            [sys.executable, "-c", _BOOTSTRAP, str(results), str(root), *argv],
            cwd=root,
            stdout=sys.stderr if quiet_stdout else None,
        )
        data = _read_results(results)
    return _summarize(root, completed.returncode, data)


def _extension_dir(path: str) -> Path:
    root = Path(path).expanduser()
    if not root.exists():
        raise UsageError(f"no such directory: {path}")
    if not root.is_dir():
        raise UsageError(f"{path} is not a directory (give the extension's folder)")
    return root.resolve()


def _split_args(as_json: bool, pytest_args: list[str]) -> tuple[bool, list[str]]:
    """`test PATH --json -k x`: argparse hands `--json` to pytest; take it back (before `--`)."""
    extra: list[str] = []
    passthrough = False
    for arg in pytest_args:
        if passthrough:
            extra.append(arg)
        elif arg == "--":
            passthrough = True
        elif arg == "--json":
            as_json = True
        else:
            extra.append(arg)
    return as_json, extra


def _pytest_args(root: Path, tmp: Path, extra: list[str]) -> list[str]:
    config = _own_config(root)
    # conftest.py files above the extension's folder (a monorepo's) are not the extension's
    argv = ["-p", "imperal_tui.devtools.pytest_alias", "--rootdir", str(root)]
    argv += ["--confcutdir", str(root)]
    if importlib.util.find_spec("pytest_asyncio") is not None:
        if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
            argv += ["-p", "pytest_asyncio.plugin"]
        if "asyncio_mode" not in config.settings:
            argv += ["-o", "asyncio_mode=auto"]
        if "asyncio_default_fixture_loop_scope" not in config.settings:
            argv += ["-o", "asyncio_default_fixture_loop_scope=function"]
    if config.path is None:
        # No config of its own: keep a parent folder's (say, a monorepo's) out of it.
        ini = tmp / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        argv += ["-c", str(ini)]
    argv += extra
    if not any(not a.startswith("-") and (root / a).exists() for a in extra):
        tests = root / "tests"
        argv.append("tests" if tests.is_dir() else ".")
    return argv


@dataclass(frozen=True)
class _Config:
    path: Path | None
    settings: frozenset[str]


def _own_config(root: Path) -> _Config:
    """The extension's own pytest config file in `root` and the keys it sets, if any."""
    for name in _INI_NAMES:
        path = root / name
        if not path.is_file():
            continue
        try:
            if name == "pyproject.toml":
                import tomllib

                data = tomllib.loads(path.read_text(encoding="utf-8"))
                section = data.get("tool", {}).get("pytest", {}).get("ini_options")
                if isinstance(section, dict):
                    return _Config(path, frozenset(section))
                continue
            parser = configparser.ConfigParser(interpolation=None)
            parser.read(path, encoding="utf-8")
        except (OSError, ValueError, configparser.Error):
            continue
        section_name = "tool:pytest" if name == "setup.cfg" else "pytest"
        if parser.has_section(section_name):
            return _Config(path, frozenset(parser.options(section_name)))
        if name in ("pytest.ini", ".pytest.ini"):  # pytest uses these even when empty
            return _Config(path, frozenset())
    return _Config(None, frozenset())


def _read_results(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _summarize(root: Path, code: int, data: dict | None) -> SuiteResult:
    counts = (data or {}).get("counts", {})
    fields = {
        "passed": counts.get("passed", 0),
        "failed": counts.get("failed", 0),
        "errors": counts.get("error", 0),
        "skipped": counts.get("skipped", 0),
        "xfailed": counts.get("xfailed", 0),
        "xpassed": counts.get("xpassed", 0),
        "pytest_exit": code,
    }
    where = root / "tests" if (root / "tests").is_dir() else root
    if code == 0:
        return SuiteResult(**fields)
    if code == 5:
        return SuiteResult(
            **fields, outcome="no_tests", message=f"no tests collected in {where}: nothing ran"
        )
    if code == 4:
        return SuiteResult(**fields, outcome="usage", message="pytest rejected its arguments")
    if code == 2 and not (fields["errors"] or fields["failed"]):
        return SuiteResult(**fields, outcome="interrupted", message="interrupted")
    if code in (1, 2):
        return SuiteResult(**fields, outcome="failed")
    return SuiteResult(**fields, outcome="crashed", message=f"pytest exited with code {code}")
