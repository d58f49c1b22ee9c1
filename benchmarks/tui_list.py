"""A 1,000-item ui.List: its first frame and one arrow key (issue 9's goals: <= 100 ms, <= 16 ms).

In one headless Textual app, per sample: build the List widget from the ui node, mount it and
wait for the refresh after it, timed from before the build (`list_first_frame_ms`). Then, with
the list focused, one Down key is posted and timed until the refresh that shows the moved
cursor (`list_arrow_key_ms`); keys are 40 ms apart, as a held key repeats, so each is timed
from an idle app (the cursor starts near the top, so most keys also scroll). Prints JSON (milliseconds, medians):

    python -m benchmarks.tui_list [--items 1000] [--runs 5] [--keys 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import VerticalScroll  # noqa: E402

from benchmarks.harness import Bench  # noqa: E402
from benchmarks.registry import benchmark  # noqa: E402
from imperal_tui.renderer import RenderContext, render_tree  # noqa: E402

KEY_GAP = 0.04  # seconds between two keys (a held key repeats at about 25-30 per second)


def list_node(items: int) -> dict:
    return {
        "type": "List",
        "props": {
            "title": "Inbox",
            "searchable": True,
            "selectable": True,
            "items": [
                {
                    "type": "ListItem",
                    "props": {
                        "id": f"m{i}",
                        "title": f"message {i}",
                        "subtitle": f"from person {i}",
                        "meta": f"{i % 24}:00",
                        "badge": {"type": "Badge", "props": {"label": "new", "color": "blue"}},
                        "on_click": {"action": "call", "function": "open", "params": {"id": i}},
                    },
                }
                for i in range(items)
            ],
        },
    }


class Host(App):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="panel")


def _painted(widget) -> asyncio.Future:
    future = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: future.done() or future.set_result(time.perf_counter()))
    return future


async def one_sample(node: dict, keys: int) -> tuple[float, list[float]]:
    """(first frame ms, [ms per arrow key])."""
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        widget = render_tree(node, RenderContext("bench", "list"))
        await app.query_one("#panel").mount(widget)
        first = (await asyncio.wait_for(_painted(widget), 60) - start) * 1000
        widget.focus()
        await pilot.pause()
        arrows = []
        widget.action_jump(15)  # next to the bottom edge: each Down also scrolls the list
        await pilot.pause()
        for _ in range(keys):
            await asyncio.sleep(KEY_GAP)
            start = time.perf_counter()
            app.post_message(events.Key("down", None))
            await pilot.pause(0)  # the key is dispatched and the binding runs
            arrows.append((await asyncio.wait_for(_painted(widget), 60) - start) * 1000)
        await pilot.pause()
    return first, arrows


async def measure(items: int, runs: int, keys: int) -> dict[str, float | int]:
    node = list_node(items)
    await one_sample(node, 2)  # warm-up: imports, CSS
    firsts, arrows = [], []
    for _ in range(runs):
        first, keyed = await one_sample(node, keys)
        firsts.append(first)
        arrows += keyed
    return {
        "list_items": items,
        "list_first_frame_ms": round(statistics.median(firsts), 1),
        "list_arrow_key_ms": round(statistics.median(arrows), 2),
        "list_arrow_key_p95_ms": round(sorted(arrows)[int(len(arrows) * 0.95) - 1], 2),
    }


@benchmark("tui_list")
def tui_list(bench: Bench) -> dict[str, float | int]:
    """Run in its own process (a fresh interpreter, as the other TUI figures)."""
    from benchmarks.tui_scripts import run_script

    return run_script(bench, "tui_list", "--runs", str(max(3, bench.runs // 3)), timeout=600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=20)
    args = parser.parse_args(argv)
    if args.items < 1 or args.runs < 1 or args.keys < 1:
        parser.error("--items, --runs and --keys must be >= 1")
    print(json.dumps(asyncio.run(measure(args.items, args.runs, args.keys))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
