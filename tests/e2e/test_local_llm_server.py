"""A real model behind the OpenAI-compatible API: llama.cpp's server with Gemma 3 270M, started by
`scripts/local_llm.py` (the first run builds llama.cpp, about 14 minutes on 2 cores; later runs
reuse the build from the cache directory outside the clone). The server is the session's one,
from the `base_url` fixture in tests/e2e/conftest.py."""

from __future__ import annotations

import time
from typing import Literal

import httpx
import pytest
from pydantic import BaseModel, ConfigDict

from tests.e2e.support import MODEL

pytestmark = pytest.mark.e2e  # `base_url` (tests/e2e/conftest.py): the session's server


class Route(BaseModel):
    """What a classifier answers: one tool from the catalog and its argument."""

    model_config = ConfigDict(extra="forbid")

    tool: Literal["tasks.add", "notes.create", "weather.today"]
    title: str


def test_schema_constrained_completion_parses_against_the_schema(base_url):
    schema = Route.model_json_schema()
    body = {
        "model": MODEL,
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
