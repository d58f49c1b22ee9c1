"""Scoring a router against the labelled requests in tests/kernel/router_cases.json.

Shared by the offline accuracy test (tests/kernel/test_router_accuracy.py) and the benchmark
that also routes them with a model (benchmarks/routing_accuracy.py).

A case is right on functions when the router planned the same functions in the same order (or
refused, where a refusal is due: `unclear: true`), and right on arguments when, besides, every
argument is equal (an id still to be found from a title compares as `{"$title": T}`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.router.plan import Conversation, Plan, Referent, Resolve

CASES_PATH = Path(__file__).parent / "router_cases.json"
CASES: dict[str, Any] = json.loads(CASES_PATH.read_text())


def cases_today() -> dt.date:
    """The date the cases' relative dates are relative to ("tomorrow" is the day after)."""
    return dt.date.fromisoformat(CASES["today"])


def plain_args(args: dict) -> dict:
    return {k: {"$title": v.title} if isinstance(v, Resolve) else v for k, v in args.items()}


def context_of(d: dict | None) -> Conversation | None:
    """The conversation a case runs in: the item "it" stands for, if the case has one."""
    if d is None:
        return None
    return Conversation(Referent(d["app"], d["noun"], d.get("id", ""), d.get("title", "")))


def score(case: dict, got: Any) -> tuple[bool, bool, str]:
    """(functions right, arguments right, a line saying what was wrong or "") for the router's
    answer `got` (a Plan, or anything else for a refusal) to `case`."""
    if case.get("unclear"):
        ok = not isinstance(got, Plan)
        return ok, ok, "" if ok else f"{case['request']!r}: wanted a refusal, got {got}"
    want = [(s["function"], s["args"]) for s in case["steps"]]
    have = (
        [(f"{s.app_id}.{s.function}", plain_args(s.args)) for s in got.steps]
        if isinstance(got, Plan)
        else []
    )
    same_fns = [f for f, _ in want] == [f for f, _ in have]
    same_args = same_fns and want == have
    miss = "" if same_args else f"{case['request']!r}: wanted {want}, got {have or got}"
    return same_fns, same_args, miss


def evaluate(
    route: Callable[[str, Conversation | None], Any], cases
) -> tuple[float, float, list[str]]:
    """(function accuracy, argument accuracy, one line per miss) of `route(request, context)`."""
    fn_ok = args_ok = 0
    misses = []
    for case in cases:
        fns, args, miss = score(case, route(case["request"], context_of(case.get("context"))))
        fn_ok += fns
        args_ok += args
        if miss:
            misses.append(miss)
    n = len(cases)
    return fn_ok / n, args_ok / n, misses
