"""The e2e tier: one real local model server for the whole session.

`base_url` starts llama.cpp's server with Gemma 3 270M through `scripts/local_llm.py` (with its
own `--state-dir`, so it never stops another session's server; the build and the model are
shared through the cache directory outside the clone) and stops it when the session ends. On a
fresh machine the first test that needs it also builds llama.cpp (about 14 minutes on 2 cores):
that test alone gets the build's timeout (`pytest_collection_modifyitems` below), the others
keep theirs, so a hung test still fails fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.support import MODEL, ROOT

SCRIPT = ROOT / "scripts" / "local_llm.py"
BUILD_SECONDS = 40 * 60  # the one-time build, with room for a slow machine
STOP_SECONDS = 60
EXIT_CANNOT_BUILD = 3


def local_llm(*args: str, timeout: float) -> subprocess.CompletedProcess:
    """`scripts/local_llm.py ARGS` in a child process, output captured."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def url_of(stdout: str) -> str:
    """The URL from `start`'s one line of stdout, `OPENAI_BASE_URL=...`."""
    lines = stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("OPENAI_BASE_URL="), stdout
    return lines[0].split("=", 1)[1]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    """The server's /v1 URL, shared by every e2e test; stopped at the end of the session.
    Skips (with the reason) where llama.cpp cannot be built."""
    state = str(tmp_path_factory.mktemp("local_llm"))
    started = local_llm("--state-dir", state, "start", timeout=BUILD_SECONDS)
    if started.returncode == EXIT_CANNOT_BUILD:
        pytest.skip(f"llama.cpp's server cannot be built on this machine: {started.stderr.strip()}")
    assert started.returncode == 0, f"local_llm.py start failed:\n{started.stderr}"
    try:
        yield url_of(started.stdout)
    finally:
        local_llm("--state-dir", state, "stop", timeout=STOP_SECONDS)


@pytest.fixture
def model_env(base_url, tmp_path, monkeypatch):
    """A fresh data dir whose kernel uses the local model (tests/conftest.py starts every
    kernel offline; this overrides it). Returns the data dir."""
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_LLM", "openai")
    monkeypatch.setenv("IMPERAL_SHELL_LLM_MODEL", MODEL)
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("IMPERAL_SHELL_CONFIRM", raising=False)
    return tmp_path


@pytest.hookimpl(trylast=True)  # after -m/-k deselection: the first test that will run
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    first = next(
        (i for i in items if here in Path(i.path).parents and "base_url" in i.fixturenames),
        None,
    )
    if first is not None:
        first.add_marker(pytest.mark.timeout(BUILD_SECONDS + 300))
