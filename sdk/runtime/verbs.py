"""`imperal_sdk.runtime.verbs`: the steps of the hosted declarative runtime.

`make_directive` is pure and real; the verbs that evaluate steps are platform-only here.
"""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.runtime._declarative import DECLARATIVE
from sdk.runtime.template import resolve_value

__all__ = [
    "eval_conditional",
    "make_directive",
    "resolve_value",
    "run_ai",
    "run_call",
    "run_store",
]


def make_directive(op: str, args: dict[str, Any]) -> dict[str, Any]:
    """A client directive: `{"action": op, **args}`."""
    if not isinstance(op, str) or not op:
        raise ValueError(f"a directive needs a non-empty op string, got {op!r}")
    if not isinstance(args, dict):
        raise TypeError(f"directive args must be a dict, got {type(args).__name__}")
    return {"action": op, **args}


def eval_conditional(spec: dict[str, Any], ctx: dict[str, Any]) -> str | None:
    unavailable("runtime.verbs.eval_conditional", DECLARATIVE)


async def run_ai(args: dict[str, Any], ai: Any) -> dict[str, Any]:
    unavailable("runtime.verbs.run_ai", DECLARATIVE)


async def run_call(args: dict[str, Any], extensions: Any, current_app_id: str) -> dict[str, Any]:
    unavailable("runtime.verbs.run_call", DECLARATIVE)


async def run_store(op: str, args: dict[str, Any], store: Any) -> dict[str, Any]:
    unavailable("runtime.verbs.run_store", DECLARATIVE)
