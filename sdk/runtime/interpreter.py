"""`imperal_sdk.runtime.interpreter`: the hosted declarative runtime's step loop (platform-only)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.runtime._declarative import DECLARATIVE
from sdk.runtime.template import resolve_value
from sdk.runtime.verbs import eval_conditional, make_directive, run_ai, run_call, run_store

__all__ = [
    "eval_conditional",
    "make_directive",
    "resolve_value",
    "run_ai",
    "run_call",
    "run_steps",
    "run_store",
]


async def run_steps(
    steps: list[dict[str, Any]], ctx: Any, *, event: dict[str, Any] | None = None
) -> dict[str, Any]:
    unavailable("runtime.interpreter.run_steps", DECLARATIVE)
