"""The architecture's import rules, checked in fresh interpreters.

The kernel and the SDK never pull in UI libraries, and the headless runner stays cheap: a
script's `imperal-shell run` must not pay for Textual, rich or an HTTP client.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI = ("textual", "rich")


def loaded_after(code: str) -> set[str]:
    """Top-level package names in sys.modules after running `code` in a new interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import kernel",
        "from kernel import Kernel, KernelConfig",
        "import kernel.kernel, kernel.client, kernel.server",
    ],
)
def test_kernel_imports_no_ui(code):
    loaded = loaded_after(code)
    assert "kernel" in loaded
    assert not loaded & set(UI), f"{code!r} imported {sorted(loaded & set(UI))}"


def test_sdk_imports_only_pydantic_and_stdlib():
    loaded = loaded_after("import sdk, sdk.ui, sdk.chat, sdk.types")
    assert "sdk" in loaded
    forbidden = {*UI, "httpx", "aiosqlite", "kernel", "imperal_tui"}
    assert not loaded & forbidden, sorted(loaded & forbidden)


@pytest.mark.parametrize(
    "code",
    [
        "import imperal_tui.cli",
        "import imperal_tui.headless",
        "import imperal_tui.headless.commands, imperal_tui.headless.render",
        "from imperal_tui.cli import build_parser; build_parser()",
    ],
)
def test_headless_imports_no_ui_or_http(code):
    loaded = loaded_after(code)
    assert "imperal_tui" in loaded
    forbidden = {*UI, "httpx"}
    assert not loaded & forbidden, f"{code!r} imported {sorted(loaded & forbidden)}"


def test_a_headless_call_through_the_thin_client_stays_light(tmp_path):
    """The path `imperal-shell call` takes with a resident kernel: no pydantic, no asyncio."""
    code = (
        "import os, sys\n"
        f"os.environ['IMPERAL_SHELL_HOME'] = {str(tmp_path)!r}\n"
        "from imperal_tui.headless import commands\n"
        "from kernel.client import RemoteKernel, connect\n"
        "commands.load_config()\n"
    )
    loaded = loaded_after(code)
    forbidden = {*UI, "httpx", "pydantic", "aiosqlite", "sdk"}
    assert not loaded & forbidden, sorted(loaded & forbidden)
