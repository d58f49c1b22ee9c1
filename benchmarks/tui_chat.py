"""The chat's cost as history grows, its memory, and streaming lag (issue 9's chat goals).

In one headless Textual app holding the shell's `ChatLog`:

- `chat_turn_ms_at_<N>`: one turn (the user's line, a 40-token reply streamed through `Turn`,
  closed), timed until the refresh after it, with N earlier messages in the log (median).
  `chat_turn_slope_ms_per_message` is the least-squares slope over those N: the goal is ~0.
- `chat_rss_mb_after_<N>` and `chat_rss_growth_mb`: resident memory after the largest history,
  and what filling it added.
- `chat_stream_lag_*_ms`: a reply of `--tokens` tokens arrives at `--rate` tokens/s; each
  token's lag is from its arrival to the refresh that puts it on screen. The goal: at most one
  frame (`chat_frame_ms`, 1/60 s).

`--unbounded` keeps every message mounted (the log before archiving), for comparison. Prints
JSON (milliseconds):

    python -m benchmarks.tui_chat [--history 10,1000,5000] [--turns 5] [--tokens 2000] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402

from benchmarks.harness import Bench  # noqa: E402
from benchmarks.registry import benchmark  # noqa: E402
from imperal_tui.widgets.chat import ChatLog, Turn, UserLine  # noqa: E402
from imperal_tui.widgets.chat.messages import ReplyMarkdown  # noqa: E402

FRAME_MS = 1000 / 60
REPLY = (
    "Sure: I added **buy milk** to your tasks, due `today`. Anything else?\n\n"
    "- open tasks: 3\n- done this week: 12\n"
)


def reply_tokens(count: int) -> list[str]:
    """`count` word-sized tokens of Markdown, a paragraph break every 60 and a list now and then."""
    tokens = []
    for i in range(count):
        word = f"word{i % 97}"
        if i % 60 == 59:
            word += "\n\n"
        elif i % 150 == 0:
            word = "\n- item " + word
        tokens.append(word + " ")
    return tokens


def rss_mb() -> float:
    """Resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Host(App):
    def __init__(self, unbounded: bool) -> None:
        super().__init__()
        self.unbounded = unbounded

    def compose(self) -> ComposeResult:
        yield ChatLog(live_limit=10**9) if self.unbounded else ChatLog()


def _painted(widget) -> asyncio.Future:
    future = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: future.done() or future.set_result(time.perf_counter()))
    return future


async def fill(log: ChatLog, messages: int) -> None:
    """`messages` earlier messages: questions and finished replies, alternating."""
    widgets = []
    for i in range(messages):
        widgets.append(UserLine(f"question {i}") if i % 2 == 0 else ReplyMarkdown(REPLY))
    await log.add_many(widgets)


async def turn_ms(log: ChatLog, index: int) -> float:
    start = time.perf_counter()
    await log.add(UserLine(f"ask {index}"))
    turn = Turn(log)
    for token in reply_tokens(40):
        await turn.write(token)
    await turn.close()
    return (await asyncio.wait_for(_painted(log), 60) - start) * 1000


async def turn_cost(history: int, turns: int, unbounded: bool) -> tuple[float, float, float]:
    """(median turn ms, rss MB after filling, rss MB the filling added)."""
    app = Host(unbounded)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(ChatLog)
        before = rss_mb()
        await fill(log, history)
        await pilot.pause()
        after = rss_mb()
        await turn_ms(log, -1)  # warm-up
        samples = [await turn_ms(log, i) for i in range(turns)]
        await pilot.pause()
    return statistics.median(samples), after, after - before


async def stream_lag(tokens: int, rate: float, history: int = 200) -> list[float]:
    """Per-token lag (ms) from arrival to the first refresh that shows it: in the reply's
    Markdown (timed around its `append`) or in its stream tail (which shows all the text the
    Markdown has not taken yet; timed at the tail's next refresh). The tokens hold no control
    characters, so lengths match."""
    app = Host(False)
    lags: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(ChatLog)
        await fill(log, history)
        await pilot.pause()
        reply = await log.add(ReplyMarkdown())
        arrivals: list[tuple[int, float]] = []  # (length of text once it arrived, time)
        shown = 0  # arrivals before this one are on screen
        appended = 0  # length of text the Markdown widget holds
        original = reply.append

        def mark(upto: int) -> None:
            nonlocal shown
            now = time.perf_counter()
            while shown < len(arrivals) and arrivals[shown][0] <= upto:
                lags.append((now - arrivals[shown][1]) * 1000)
                shown += 1

        async def timed_append(fragment: str):
            nonlocal appended
            result = await original(fragment)
            appended += len(fragment)
            upto = appended
            reply.call_after_refresh(lambda: mark(upto))
            return result

        reply.append = timed_append  # type: ignore[method-assign]
        interval = 1 / rate
        start = time.perf_counter()
        length = 0
        for index, token in enumerate(reply_tokens(tokens)):
            delay = start + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            length += len(token)
            arrivals.append((length, time.perf_counter()))
            await reply.add(token)
            tail = getattr(reply, "_tail", None)
            if tail is not None:  # the tail shows all the text the Markdown does not have yet
                tail.call_after_refresh(lambda upto=length: mark(upto))
        await reply.finish()
        await pilot.pause(0.2)
    return lags


def slope(points: list[tuple[int, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


async def measure(
    histories: list[int],
    turns: int,
    tokens: int,
    rate: float,
    unbounded: bool,
    stream_history: int = 200,
) -> dict[str, float | int]:
    result: dict[str, float | int] = {"chat_unbounded": int(unbounded)}
    points = []
    for history in histories:
        cost, rss, growth = await turn_cost(history, turns, unbounded)
        points.append((history, cost))
        result[f"chat_turn_ms_at_{history}"] = round(cost, 2)
        result["chat_rss_mb_after_" + str(history)] = round(rss, 1)
        result["chat_rss_growth_mb_" + str(history)] = round(growth, 1)
    result["chat_turn_slope_ms_per_message"] = round(slope(points), 5)
    if tokens:
        lags = sorted(await stream_lag(tokens, rate, stream_history))
        result["chat_stream_tokens"] = tokens
        result["chat_stream_history"] = stream_history
        result["chat_stream_rate_per_s"] = rate
        result["chat_frame_ms"] = round(FRAME_MS, 2)
        result["chat_stream_lag_median_ms"] = round(statistics.median(lags), 2)
        result["chat_stream_lag_p95_ms"] = round(lags[int(len(lags) * 0.95) - 1], 2)
        result["chat_stream_lag_max_ms"] = round(lags[-1], 2)
    return result


@benchmark("tui_chat")
def tui_chat(bench: Bench) -> dict[str, float | int]:
    """Run in its own process, so its memory figures are its own."""
    bench.log("timing chat turns at 10, 1,000 and 5,000 earlier messages, and a stream")
    command = [sys.executable, "-m", "benchmarks.tui_chat", "--turns", str(max(3, bench.runs // 3))]
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"tui_chat exited {proc.returncode}: {proc.stderr[-500:]}")
    return json.loads(proc.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--history", default="10,1000,5000", help="earlier messages, comma-separated"
    )
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=2000, help="0 skips the stream")
    parser.add_argument("--rate", type=float, default=200.0, help="tokens per second")
    parser.add_argument("--stream-history", type=int, default=200, help="messages before it")
    parser.add_argument("--unbounded", action="store_true", help="keep every message mounted")
    args = parser.parse_args(argv)
    try:
        histories = [int(part) for part in args.history.split(",") if part.strip()]
    except ValueError:
        parser.error("--history takes whole numbers separated by commas")
    if (
        not histories
        or min(histories) < 0
        or args.turns < 1
        or args.tokens < 0
        or args.rate <= 0
        or args.stream_history < 0
    ):
        parser.error("--history >= 0, --turns >= 1, --tokens >= 0 and --rate > 0")
    figures = asyncio.run(
        measure(histories, args.turns, args.tokens, args.rate, args.unbounded, args.stream_history)
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
