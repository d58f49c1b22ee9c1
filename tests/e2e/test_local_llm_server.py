"""A real model behind the OpenAI-compatible API: llama.cpp's server with Gemma 3 270M, started by
`scripts/local_llm.py` (the first run builds llama.cpp, about 14 minutes on 2 cores; later runs
reuse the build from the cache directory outside the clone)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import httpx
import pytest
from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "local_llm.py"
BUILD_SECONDS = 40 * 60  # the one-time build, with room for a slow machine
EXIT_CANNOT_BUILD = 3

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(BUILD_SECONDS + 300)]


def _script(*args: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _url(stdout: str) -> str:
    lines = stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("OPENAI_BASE_URL="), stdout
    return lines[0].split("=", 1)[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The server's /v1 URL. It has its own pid file (the build and model are shared), so
    concurrent sessions never stop each other's server; it is stopped afterwards."""
    state = str(tmp_path_factory.mktemp("local_llm"))
    started = _script("--state-dir", state, "start", timeout=BUILD_SECONDS)
    if started.returncode == EXIT_CANNOT_BUILD:
        pytest.skip(f"llama.cpp's server cannot be built on this machine: {started.stderr.strip()}")
    assert started.returncode == 0, f"local_llm.py start failed:\n{started.stderr}"
    try:
        yield _url(started.stdout)
    finally:
        _script("--state-dir", state, "stop", timeout=60)


class Route(BaseModel):
    """What a classifier answers: one tool from the catalog and its argument."""

    model_config = ConfigDict(extra="forbid")

    tool: Literal["tasks.add", "notes.create", "weather.today"]
    title: str


def test_schema_constrained_completion_parses_against_the_schema(base_url):
    schema = Route.model_json_schema()
    body = {
        "model": "gemma-3-270m",
        "temperature": 0,
        "max_tokens": 128,
        "messages": [
            {
                "role": "system",
                "content": "Route the request to one tool. Tools: tasks.add (add a task), "
                "notes.create (write a note), weather.today (today's weather). "
                "Answer with JSON: the tool and the title.",
            },
            {"role": "user", "content": "add a task: water the plants"},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "route", "strict": True, "schema": schema},
        },
    }
    began = time.monotonic()
    resp = httpx.post(f"{base_url}/chat/completions", json=body, timeout=120)
    elapsed = time.monotonic() - began
    assert resp.status_code == 200, resp.text
    content = resp.json()["choices"][0]["message"]["content"]
    route = Route.model_validate_json(content)
    print(f"local model routed {body['messages'][1]['content']!r} to {route!r} in {elapsed:.1f} s")
    assert route.tool == "tasks.add"
