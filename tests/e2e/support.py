"""Helpers for the e2e tests: a kernel on the local model, a turn with the time of each event,
and the environment a child `imperal-shell` process needs to use the model."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from kernel import Kernel, KernelConfig

ROOT = Path(__file__).resolve().parents[2]
MODEL = "gemma-3-270m"  # the alias scripts/local_llm.py gives the model
ANSWER = "compact"  # [llm] answer: the classifier's answer shape meant for small models
# A 270M model on 2 shared cores answers a classification in seconds to tens of seconds: the
# in-process tests check what the shell does with the answers and give the model room (the
# shipped 12 s a request, 14 s a turn are for a user's machine). Speed is measured and reported
# by benchmarks/routing_accuracy.py and benchmarks/llm_first_token.py.
REQUEST_TIMEOUT_S = 45.0
TURN_BUDGET_S = 100.0


def write_config(home: Path, **llm: object) -> None:
    """`<home>/config.toml` with these `[llm]` settings (strings quoted, numbers as they are)."""
    lines = ["[llm]"]
    for key, value in llm.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    (home / "config.toml").write_text("\n".join(lines) + "\n")


async def open_kernel(home: Path, **llm: object) -> Kernel:
    """A kernel on `home` with these `[llm]` settings (`answer = ANSWER` and the roomy request
    timeout unless given) on the provider the environment names (see `model_env`), its router
    given the roomy turn budget."""
    write_config(home, **{"answer": ANSWER, "timeout_s": REQUEST_TIMEOUT_S, **llm})
    kernel = await Kernel.open(KernelConfig.load())
    if not hasattr(kernel.router, "budget_s"):
        await kernel.close()
        raise AssertionError(f"the kernel has no model router: {kernel.llm_mode}")
    kernel.router.budget_s = TURN_BUDGET_S
    return kernel


async def timed_turn(kernel: Kernel, message: str, user: str = "alice") -> tuple[list, list, float]:
    """(events, the monotonic time each arrived, the time the turn ended)."""
    events, times = [], []
    async for event in kernel.session(user).send(message):
        events.append(event)
        times.append(time.monotonic())
    return events, times, time.monotonic()


def of(events: list, kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


def shell_env(home: Path, base_url: str, **extra: str) -> dict[str, str]:
    """The environment of an `imperal-shell` child that uses the model at `base_url`, with its
    kernel in its own process (no resident kernel left behind)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "PYTEST_ADDOPTS")}
    env.update(
        IMPERAL_SHELL_HOME=str(home),
        IMPERAL_SHELL_SERVER="0",
        IMPERAL_SHELL_LLM="openai",
        IMPERAL_SHELL_LLM_MODEL=MODEL,
        OPENAI_BASE_URL=base_url,
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    env.pop("IMPERAL_SHELL_CONFIRM", None)
    return env


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound once to pick it, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
