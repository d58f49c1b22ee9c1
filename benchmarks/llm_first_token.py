"""First streamed token on screen in the TUI with a model, next to the same at the kernel API, as
ONE JSON object on stdout (progress on stderr).

    python benchmarks/llm_first_token.py                    # starts the local model
    python benchmarks/llm_first_token.py --base-url http://127.0.0.1:8080/v1 --runs 7

The model is `--base-url`, else `$OPENAI_BASE_URL`, else the local Gemma 3 270M server
(scripts/local_llm.py, started for the run and stopped after). The shell is configured as a
user would have it (`[llm] provider = "openai"`, the shipped router mode and timeouts), its
kernel in the TUI's process (IMPERAL_SHELL_SERVER=0).

Each run, in a fresh app and a fresh kernel session so no run sees another's conversation:
- TUI: the question goes into the prompt of `ShellApp` driven headless (`App.run_test`) and
  Enter is pressed; the clock runs from the key press until the reply block in the chat log has
  text in a mounted Markdown block (what the next repaint shows), polled every `--poll` s. It
  keeps polling until the exchange ends, to see whether the reply grew while it streamed.
- kernel: `kernel.session(user).send(question)` until the first `TextDelta`.
Both clocks include the classification (the question needs the model to decide it is chat)
and the first token of the streamed answer.

Figures (ms, medians over the runs that showed a reply): `tui_first_token_ms`,
`tui_reply_done_ms`, `kernel_first_token_ms`, `kernel_reply_done_ms`, each with `_all` (every
run, null where no reply came), `tui_streams_incrementally` (the reply block showed more than
one length before the exchange ended), `*_without_reply` (runs that ended with no reply text:
the model took the question for an action, or failed) and `outcomes` (what each run ended with).

Exit codes: 0 done, 1 the server could not be started or nothing ever replied, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
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

from benchmarks.routing_accuracy import MODEL, model_server  # noqa: E402

QUESTION = "hello, who are you?"
USER = "benchmark"
SIZE = (100, 30)
TURN_LIMIT_S = 120.0  # a run that has not ended by then is recorded as such


def log(message: str) -> None:
    print(f"llm_first_token: {message}", file=sys.stderr, flush=True)


def median_ms(values: list[float | None]) -> float | None:
    seen = [v for v in values if v is not None]
    return round(statistics.median(seen), 1) if seen else None


async def kernel_run(kernel, question: str) -> dict[str, Any]:
    """One turn at the kernel API: ms to the first TextDelta and to the end, and the outcome."""
    from kernel import events as ev

    began = time.perf_counter()
    first = None
    kinds: list[str] = []
    async for event in kernel.session(USER).send(question):
        if isinstance(event, ev.TextDelta) and event.text.strip() and first is None:
            first = (time.perf_counter() - began) * 1000
        if not isinstance(event, ev.TextDelta) or not kinds or kinds[-1] != "TextDelta":
            kinds.append(type(event).__name__)
    return {"first_ms": first, "done_ms": (time.perf_counter() - began) * 1000, "events": kinds}


def _reply_on_screen(app, before: set[int]) -> Any:
    """The new reply block once it has text in a mounted Markdown block, else None."""
    from imperal_tui.widgets.chat.messages import ReplyMarkdown

    for widget in app.chat.children:
        new = isinstance(widget, ReplyMarkdown) and id(widget) not in before
        if new and widget.text.strip() and widget.children:
            return widget
    return None


def _exchange_running(app) -> bool:
    return any(w.group == "kernel" and not w.is_finished for w in app.workers)


async def tui_run(config, question: str, poll: float) -> dict[str, Any]:
    """One question typed into a fresh headless TUI: ms to the reply on screen and to the end."""
    from imperal_tui.app import ShellApp
    from imperal_tui.widgets.chat.messages import ErrorLine, ReplyMarkdown

    app = ShellApp(config, USER, resident=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_idle()  # the kernel is up, the panels rendered
        await pilot.pause()
        before = {id(w) for w in app.chat.children if isinstance(w, ReplyMarkdown)}
        app.prompt.focus()
        app.prompt.value = question
        began = time.perf_counter()
        await pilot.press("enter")
        first = None
        lengths: list[int] = []
        deadline = began + TURN_LIMIT_S
        while time.perf_counter() < deadline:
            reply = _reply_on_screen(app, before)
            if reply is not None:
                if first is None:
                    first = (time.perf_counter() - began) * 1000
                if not lengths or lengths[-1] != len(reply.text):
                    lengths.append(len(reply.text))
            started = first is not None or time.perf_counter() - began > 0.05
            if started and not _exchange_running(app):  # the exchange's worker has ended
                break
            await pilot.pause(poll)
        done = (time.perf_counter() - began) * 1000
        errors = [str(w.render()) for w in app.chat.children if isinstance(w, ErrorLine)]
        await app.wait_idle()
    return {
        "first_ms": first,
        "done_ms": done,
        "lengths_seen": len(lengths),
        "errors": [e.splitlines()[0][:200] for e in errors],
    }


async def measure(
    homes: tuple[Path, Path], runs: int, question: str, poll: float, warmup: int
) -> dict[str, Any]:
    """`homes`: the data dirs of the kernel-API runs and of the TUI's kernel (one each, so the
    two kernels never share a database)."""
    from kernel import Kernel, KernelConfig

    kernel = await Kernel.open(KernelConfig.load(home=homes[0]))
    config = KernelConfig.load(home=homes[1])
    try:
        mode = kernel.llm_mode
        if kernel.llm is None or kernel.llm.name == "offline":
            raise RuntimeError(f"the kernel has no model: {mode}")
        for i in range(warmup):
            done = await kernel_run(kernel, question)
            log(f"warmup {i + 1}: {done}")
        kernel_runs, tui_runs = [], []
        for i in range(runs):  # interleaved, so a slower moment of the machine hits both
            kernel_runs.append(await kernel_run(kernel, question))
            log(f"run {i + 1} kernel: {kernel_runs[-1]}")
            tui_runs.append(await tui_run(config, question, poll))
            log(f"run {i + 1} tui: {tui_runs[-1]}")
    finally:
        await kernel.close()
    tui_first = [r["first_ms"] for r in tui_runs]
    kernel_first = [r["first_ms"] for r in kernel_runs]
    replied = [r for r in tui_runs if r["first_ms"] is not None]
    return {
        "question": question,
        "model": mode,
        "runs": runs,
        "poll_s": poll,
        "tui_first_token_ms": median_ms(tui_first),
        "tui_reply_done_ms": median_ms([r["done_ms"] if r["first_ms"] else None for r in tui_runs]),
        "kernel_first_token_ms": median_ms(kernel_first),
        "kernel_reply_done_ms": median_ms(
            [r["done_ms"] if r["first_ms"] else None for r in kernel_runs]
        ),
        "tui_first_token_ms_all": [_round(v) for v in tui_first],
        "kernel_first_token_ms_all": [_round(v) for v in kernel_first],
        "tui_streams_incrementally": any(r["lengths_seen"] > 1 for r in replied),
        "tui_without_reply": runs - len(replied),
        "kernel_without_reply": sum(v is None for v in kernel_first),
        "outcomes": {
            "kernel": [" ".join(r["events"]) for r in kernel_runs],
            "tui_errors": [r["errors"] for r in tui_runs],
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/llm_first_token.py",
        description="First streamed token on screen in the TUI, and at the kernel API.",
    )
    parser.add_argument("--base-url", help="an OpenAI-compatible /v1 URL (default: "
                        "$OPENAI_BASE_URL, else the local model started here)")  # fmt: skip
    parser.add_argument("--model", default=None, help=f"the model name (default: {MODEL} for "
                        "the local server, else the server's first)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed kernel turns first")
    parser.add_argument("--question", default=QUESTION, help="the chat message")
    parser.add_argument("--poll", type=float, default=0.005, help="seconds between looks")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.poll <= 0 or not args.question.strip():
        parser.error("--runs >= 1, --warmup >= 0, --poll > 0 and a non-empty --question")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base_url = args.base_url or os.environ.get("OPENAI_BASE_URL") or None
    try:
        with model_server(base_url) as url, tempfile.TemporaryDirectory() as scratch:
            homes = (Path(scratch, "kernel"), Path(scratch, "tui"))
            for home in homes:
                home.mkdir()
                (home / "config.toml").write_text('[llm]\nprovider = "openai"\n')
            os.environ.pop("IMPERAL_SHELL_HOME", None)
            os.environ.update(
                IMPERAL_SHELL_SERVER="0",
                IMPERAL_SHELL_LLM="openai",
                IMPERAL_SHELL_LLM_MODEL=args.model or (MODEL if not base_url else ""),
                OPENAI_BASE_URL=url,
            )
            os.environ.pop("IMPERAL_SHELL_CONFIRM", None)
            log(f"{args.runs} runs of {args.question!r} against {url}")
            figures = asyncio.run(measure(homes, args.runs, args.question, args.poll, args.warmup))
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        log(str(exc))
        return 1
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    nothing = figures["tui_first_token_ms"] is None and figures["kernel_first_token_ms"] is None
    return 1 if nothing else 0


if __name__ == "__main__":
    sys.exit(main())
