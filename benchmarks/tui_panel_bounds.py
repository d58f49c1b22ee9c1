"""A panel answering with a huge ui tree (issue 9, bad input: 50,000 nodes).

In one headless Textual app, per sample: `PanelView.show(tree)` (which draws the first
`MAX_NODES` nodes and a note) until the refresh after it. For comparison the same is timed
with no bound for a smaller tree (`--unbounded-nodes`), and `bound_tree` alone. Prints JSON
(milliseconds, medians):

    python -m benchmarks.tui_panel_bounds [--nodes 50000] [--unbounded-nodes 5000] [--runs 5]
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

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import VerticalScroll  # noqa: E402

from imperal_tui.widgets.panels.bounded import MAX_NODES, bound_tree  # noqa: E402
from imperal_tui.widgets.panels.view import PanelView  # noqa: E402


def tree(nodes: int) -> dict:
    """A Stack of `nodes - 1` Text rows: `nodes` nodes in all."""
    rows = [{"type": "Text", "props": {"content": f"row {i}"}} for i in range(nodes - 1)]
    return {"type": "Stack", "props": {"children": rows}}


class Host(App):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="column")


async def show_ms(node: dict, max_nodes: int) -> float:
    """Milliseconds from `show` to the first refresh after it."""
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        view = PanelView("bench", "huge", "Huge", max_nodes=max_nodes)
        await app.query_one("#column").mount(view)
        await pilot.pause()
        painted = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        await view.show(node)
        view.call_after_refresh(lambda: painted.done() or painted.set_result(time.perf_counter()))
        end = await asyncio.wait_for(painted, 600)
        await pilot.pause()
    return (end - start) * 1000


async def measure(nodes: int, unbounded_nodes: int, runs: int) -> dict[str, float | int]:
    huge, smaller = tree(nodes), tree(unbounded_nodes)
    result: dict[str, float | int] = {
        "nodes": nodes,
        "max_nodes": MAX_NODES,
        "unbounded_nodes": unbounded_nodes,
        "runs": runs,
    }
    await show_ms(huge, MAX_NODES)  # warm-up: imports, CSS
    samples = [await show_ms(huge, MAX_NODES) for _ in range(runs)]
    result["panel_huge_tree_bounded_first_frame_ms"] = round(statistics.median(samples), 1)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        bound_tree(huge)
        samples.append((time.perf_counter() - start) * 1000)
    result["bound_tree_ms"] = round(statistics.median(samples), 1)
    if unbounded_nodes:
        samples = [await show_ms(smaller, unbounded_nodes) for _ in range(runs)]
        result["panel_unbounded_first_frame_ms"] = round(statistics.median(samples), 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--unbounded-nodes", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.nodes < 1 or args.unbounded_nodes < 0 or args.runs < 1:
        parser.error("--nodes must be >= 1, --unbounded-nodes >= 0 and --runs >= 1")
    print(json.dumps(asyncio.run(measure(args.nodes, args.unbounded_nodes, args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
