"""Run the real `imperal-shell` console script in a subprocess against a temporary home."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SHELL = Path(sys.executable).parent / "imperal-shell"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)

    def assert_clean_stderr(self) -> None:
        assert "Traceback" not in self.err, self.err
        assert "\x1b[" not in self.err, "no ANSI colour when stderr is not a tty"


class Shell:
    """`shell("run", "show my notes")` -> Result; every call sees the same home directory."""

    def __init__(self, home: Path, resident: bool):
        self.home = home
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("IMPERAL_SHELL_") and k != "NO_COLOR"
        }
        self.env.update(
            IMPERAL_SHELL_HOME=str(home),
            IMPERAL_SHELL_SERVER="1" if resident else "0",
            IMPERAL_SHELL_SERVER_IDLE="5",
        )

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None) -> Result:
        proc = subprocess.run(
            [str(SHELL), *args],
            input=input,
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def notes(self) -> list[dict]:
        result = self("call", "notes.list_notes", "--args", '{"limit": 500}', "--json")
        assert result.code == 0, result.err
        return result.json["steps"][0]["data"]["notes"]

    def shutdown_resident(self) -> None:
        from kernel.client import KernelUnavailable, connect
        from kernel.config import KernelConfig

        with contextlib.suppress(KernelUnavailable, OSError, RuntimeError, ValueError, KeyError):
            connect(KernelConfig.load(home=self.home)).shutdown()


@pytest.fixture(params=["resident", "embedded"])
def shell(request, tmp_path):
    """The CLI in both kernel modes: served by a resident kernel, and with its own kernel."""
    sh = Shell(tmp_path / "home", resident=request.param == "resident")
    yield sh
    sh.shutdown_resident()


@pytest.fixture
def embedded_shell(tmp_path):
    """The CLI with a kernel in its own process only: cheapest when the mode does not matter."""
    return Shell(tmp_path / "home", resident=False)


@pytest.fixture
def resident_shell(tmp_path):
    """The CLI served by a resident kernel only: for what lives in it between commands."""
    sh = Shell(tmp_path / "home", resident=True)
    yield sh
    sh.shutdown_resident()
