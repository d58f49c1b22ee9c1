"""The offline router against a labelled set of natural requests (tests/kernel/router_cases.json).

Reports exact-function accuracy (the same functions in the same order, or a refusal where one
is due) and exact-argument accuracy (that, and every argument equal), and holds both to floors.
"""

import datetime as dt
import json
from pathlib import Path

from kernel.router.offline import OfflineRouter
from kernel.router.plan import Conversation, Plan, Referent, Resolve

CASES = json.loads((Path(__file__).parent / "router_cases.json").read_text())
FUNCTION_FLOOR = 1.0  # reached: 192/192 (goal 0.90)
ARGUMENT_FLOOR = 1.0  # reached: 192/192 (goal 0.85)


def _args(args: dict) -> dict:
    return {k: {"$title": v.title} if isinstance(v, Resolve) else v for k, v in args.items()}


def _context(d: dict | None) -> Conversation | None:
    if d is None:
        return None
    return Conversation(Referent(d["app"], d["noun"], d.get("id", ""), d.get("title", "")))


def evaluate(route, cases) -> tuple[float, float, list[str]]:
    """(function accuracy, argument accuracy, one line per miss) of `route(request, context)`."""
    fn_ok = args_ok = 0
    misses = []
    for case in cases:
        got = route(case["request"], _context(case.get("context")))
        if case.get("unclear"):
            ok = not isinstance(got, Plan)
            fn_ok += ok
            args_ok += ok
            if not ok:
                misses.append(f"{case['request']!r}: wanted a refusal, got {got}")
            continue
        want = [(s["function"], s["args"]) for s in case["steps"]]
        have = (
            [(f"{s.app_id}.{s.function}", _args(s.args)) for s in got.steps]
            if isinstance(got, Plan)
            else []
        )
        same_fns = [f for f, _ in want] == [f for f, _ in have]
        fn_ok += same_fns
        args_ok += same_fns and want == have
        if not (same_fns and want == have):
            misses.append(f"{case['request']!r}: wanted {want}, got {have or got}")
    n = len(cases)
    return fn_ok / n, args_ok / n, misses


def test_the_labelled_set_is_large_and_varied():
    cases = CASES["cases"]
    assert len(cases) >= 120
    assert sum(bool(c.get("unclear")) for c in cases) >= 10
    assert sum(len(c.get("steps", ())) > 1 for c in cases) >= 5
    assert sum("context" in c for c in cases) >= 5


def test_offline_router_accuracy(kernel, capsys):
    today = dt.date.fromisoformat(CASES["today"])
    router = OfflineRouter(kernel.catalog, today=lambda: today)
    functions, arguments, misses = evaluate(
        lambda text, context: router.route_sync(text, context), CASES["cases"]
    )
    with capsys.disabled():
        print(
            f"\noffline router over {len(CASES['cases'])} labelled requests: "
            f"function {functions:.1%}, arguments {arguments:.1%}"
        )
        for miss in misses:
            print("  miss:", miss)
    assert functions >= FUNCTION_FLOOR, misses
    assert arguments >= ARGUMENT_FLOOR, misses
