"""Routing accuracy over the labelled requests (tests/kernel/router_cases.json), offline and with
a model, as ONE JSON object on stdout (progress on stderr).

    python benchmarks/routing_accuracy.py                       # every case; starts the local
                                                                # model (scripts/local_llm.py)
    python benchmarks/routing_accuracy.py --base-url http://127.0.0.1:8080/v1 --limit 30
    OPENAI_BASE_URL=... python benchmarks/routing_accuracy.py --out figures.json

Every case is routed by (a) the offline router and (b) the kernel's LLM router in
`mode = "model-first"`, against an OpenAI-compatible server: `--base-url`, else
`$OPENAI_BASE_URL`, else the local Gemma 3 270M server, started here with its own state
directory and stopped at the end. The model router is the one a kernel builds from
`[llm] provider = "openai"`, `mode = "model-first"` and `answer = --answer` (the
classifier's answer shape; default: the kernel's), with the shipped request timeout
(`timeout_s`, 12 s) unless `--timeout S`, and the router's turn budget unless `--budget S`;
both routers take the cases' `today` for relative dates.

Scoring is the offline accuracy test's (tests/kernel/router_scoring.py): exact functions (the
same functions in order, or a refusal where one is due) and exact arguments. For each router:
`function_accuracy`, `argument_accuracy`, `median_s` and `p90_s` per classification, `kinds`
(how many answers were a plan, unmapped, answer (chat), unavailable, or — model only —
`fallback`: the model failed and the offline router's plan served instead, scored as no
answer from the model; `explicit`: an `app.function` call, which model-first leaves to the
offline path by design), `crashes` (exceptions out of `route`, which must stay 0) and
`misses` (one line per wrong case). `--limit N` takes N cases spread evenly over the set.

Exit codes: 0 done, 1 the server could not be started or a router crashed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kernel.router.plan import Answer, Plan, Unavailable, Unmapped  # noqa: E402
from tests.kernel.router_scoring import CASES, cases_today, context_of, score  # noqa: E402

MODEL = "gemma-3-270m"  # the alias scripts/local_llm.py gives the model
LOCAL_LLM = ROOT / "scripts" / "local_llm.py"
BUILD_SECONDS = 40 * 60
USER = "benchmark"
KINDS = ("plan", "unmapped", "answer", "unavailable", "fallback", "explicit")


def log(message: str) -> None:
    print(f"routing_accuracy: {message}", file=sys.stderr, flush=True)


def spread(cases: list[dict], limit: int | None) -> list[dict]:
    """`limit` cases spread evenly over `cases` (all of them when `limit` is None or larger)."""
    if limit is None or limit >= len(cases):
        return list(cases)
    return [cases[i * len(cases) // limit] for i in range(limit)]


def kind_of(got: Any, *, model: bool) -> str:
    if isinstance(got, Plan):
        if not model or got.router.startswith("llm"):
            return "plan"
        return "fallback" if got.notice else "explicit"
    if isinstance(got, Answer):
        return "answer"
    if isinstance(got, Unavailable):
        return "unavailable"
    if isinstance(got, Unmapped):
        return "unmapped"
    return type(got).__name__


def shown(got: Any) -> Any:
    """A Plan as it is (it is scored), anything else as one short line for the misses."""
    if isinstance(got, Plan):
        return got
    if isinstance(got, Answer):
        return "a chat answer"
    message = getattr(got, "message", "")
    return f"{type(got).__name__.lower()}: {message[:160]}" if message else repr(got)[:160]


def quantile(values: list[float], q: float) -> float:
    """The q-quantile by the nearest-rank method (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Tally:
    """One router's answers over the cases: scores, kinds, times, crashes."""

    def __init__(self) -> None:
        self.functions = self.arguments = self.crashes = 0
        self.kinds = dict.fromkeys(KINDS, 0)
        self.seconds: list[float] = []
        self.misses: list[str] = []

    def add(self, case: dict, got: Any, kind: str, seconds: float) -> None:
        self.seconds.append(seconds)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "fallback":  # the offline router's plan, not the model's answer
            got = Unavailable(got.notice)
        fns, args, miss = score(case, shown(got))
        self.functions += fns
        self.arguments += args
        if miss:
            self.misses.append(miss)

    def crash(self, case: dict, exc: BaseException, seconds: float) -> None:
        self.crashes += 1
        self.seconds.append(seconds)
        self.misses.append(f"{case['request']!r}: crashed: {type(exc).__name__}: {exc}")

    def figures(self, n: int) -> dict[str, Any]:
        return {
            "function_accuracy": round(self.functions / n, 4) if n else 0.0,
            "argument_accuracy": round(self.arguments / n, 4) if n else 0.0,
            "functions_right": self.functions,
            "arguments_right": self.arguments,
            "median_s": round(statistics.median(self.seconds), 4) if self.seconds else 0.0,
            "p90_s": round(quantile(self.seconds, 0.9), 4),
            "kinds": {k: v for k, v in self.kinds.items() if v},
            "crashes": self.crashes,
            "misses": self.misses,
        }


async def close_answer(got: Any) -> None:
    """An Answer's stream was never read: close it so no request is left open."""
    pieces = getattr(got, "pieces", None) if isinstance(got, Answer) else None
    if pieces is not None and hasattr(pieces, "aclose"):
        with contextlib.suppress(Exception):
            await pieces.aclose()


async def measure(
    cases: list[dict], *, timeout_s: float | None, budget_s: float | None
) -> dict[str, Any]:
    """Route `cases` with both routers of a kernel on the provider the environment names."""
    from kernel import Kernel, KernelConfig
    from kernel.router.llm import turn_user

    today = cases_today()
    kernel = await Kernel.open(KernelConfig.load())
    try:
        router = kernel.router
        if not hasattr(router, "classify"):
            raise RuntimeError(f"the kernel has no model router: {kernel.llm_mode}")
        kernel.offline_router.today = router.today = lambda: today
        if budget_s is not None:
            router.budget_s = budget_s
        offline, model = Tally(), Tally()
        for i, case in enumerate(cases, 1):
            context = context_of(case.get("context"))
            began = time.perf_counter()
            try:
                got = kernel.offline_router.route_sync(case["request"], context)
            except Exception as exc:  # counted and reported: a router must never raise
                offline.crash(case, exc, time.perf_counter() - began)
            else:
                offline.add(case, got, kind_of(got, model=False), time.perf_counter() - began)
            context = context_of(case.get("context"))  # a fresh one: routers may change it
            turn_user.set(USER)  # whose token account the model's usage goes to
            began = time.perf_counter()
            try:
                got = await router.route(case["request"], context)
            except Exception as exc:  # counted and reported: a router must never raise
                model.crash(case, exc, time.perf_counter() - began)
                log(f"[{i}/{len(cases)}] CRASH {type(exc).__name__}: {case['request']!r}")
                continue
            seconds = time.perf_counter() - began
            kind = kind_of(got, model=True)
            await close_answer(got)
            model.add(case, got, kind, seconds)
            right = "right" if score(case, None if kind == "fallback" else got)[1] else "wrong"
            log(f"[{i}/{len(cases)}] {seconds:5.1f} s {kind:<11} {right:<5} {case['request']!r}")
        return {
            "cases": len(cases),
            "labelled_cases": len(CASES["cases"]),
            "model": kernel.llm_mode,
            "answer": router.shape,
            "timeout_s": timeout_s if timeout_s is not None else "default",
            "budget_s": router.budget_s,
            "offline": offline.figures(len(cases)),
            "model_first": model.figures(len(cases)),
        }
    finally:
        await kernel.close()


@contextlib.contextmanager
def model_server(base_url: str | None):
    """`base_url`, or the local model server started for the run (stopped afterwards)."""
    if base_url:
        yield base_url
        return
    with tempfile.TemporaryDirectory(prefix="routing-accuracy-") as state:
        log("starting the local model (scripts/local_llm.py; the first run builds llama.cpp)")
        started = subprocess.run(
            [sys.executable, str(LOCAL_LLM), "--state-dir", state, "start"],
            capture_output=True, text=True, timeout=BUILD_SECONDS,
        )  # fmt: skip
        if started.returncode != 0 or not started.stdout.startswith("OPENAI_BASE_URL="):
            raise RuntimeError(f"local_llm.py start failed: {started.stderr.strip()}")
        try:
            yield started.stdout.strip().split("=", 1)[1]
        finally:
            subprocess.run(
                [sys.executable, str(LOCAL_LLM), "--state-dir", state, "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/routing_accuracy.py",
        description="Routing accuracy of the labelled set, offline and with a model.",
    )
    parser.add_argument("--base-url", help="an OpenAI-compatible /v1 URL (default: "
                        "$OPENAI_BASE_URL, else the local model started here)")  # fmt: skip
    parser.add_argument("--model", default=None, help=f"the model name (default: {MODEL} for "
                        "the local server, else the server's first)")  # fmt: skip
    parser.add_argument("--limit", type=_positive_int, help="N cases spread over the set")
    parser.add_argument("--timeout", type=_positive, help="seconds a model request may take "
                        "(default: the kernel's, 12 s)")  # fmt: skip
    parser.add_argument("--budget", type=_positive, help="seconds a turn may take (default: "
                        "the router's)")  # fmt: skip
    parser.add_argument("--answer", choices=("plan", "compact"), help="[llm] answer: the "
                        "classifier's answer shape (default: the kernel's)")  # fmt: skip
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    return parser.parse_args(argv)


def _positive_of(kind: type, what: str):
    """An argparse type: a positive `kind` (float or int), else a clear usage error."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text}")
        return value

    return parse


_positive = _positive_of(float, "a number")
_positive_int = _positive_of(int, "a whole number")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base_url = args.base_url or os.environ.get("OPENAI_BASE_URL") or None
    cases = spread(CASES["cases"], args.limit)
    try:
        with model_server(base_url) as url, tempfile.TemporaryDirectory() as home:
            settings = '[llm]\nprovider = "openai"\nmode = "model-first"\n'
            if args.answer:
                settings += f'answer = "{args.answer}"\n'
            if args.timeout is not None:
                settings += f"timeout_s = {args.timeout}\n"
            Path(home, "config.toml").write_text(settings)
            os.environ.update(
                IMPERAL_SHELL_HOME=home,
                IMPERAL_SHELL_LLM="openai",
                IMPERAL_SHELL_LLM_MODEL=args.model or (MODEL if not base_url else ""),
                OPENAI_BASE_URL=url,
            )
            log(f"routing {len(cases)} cases with the offline router and the model at {url}")
            figures = asyncio.run(measure(cases, timeout_s=args.timeout, budget_s=args.budget))
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        log(str(exc))
        return 1
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 1 if figures["model_first"]["crashes"] or figures["offline"]["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
