"""First frame of a panel holding a 10,000-row DataTable (issue 9's goal: <= 100 ms).

In one headless Textual app, per sample: build the panel's widget from the ui node, mount it and
wait for the refresh after it, timed from before the build. The same is timed for Textual's own
DataTable given the same rows, for comparison. Prints JSON (milliseconds, medians):

    python -m benchmarks.tui_datatable [--rows 10000] [--runs 5]
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
from textual.widget import Widget  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from imperal_tui.renderer import RenderContext, render_tree  # noqa: E402

COLUMNS = ["id", "name", "email", "status", "amount"]


def table_node(rows: int) -> dict:
    return {
        "type": "DataTable",
        "props": {
            "columns": [{"key": key, "label": key.title(), "sortable": True} for key in COLUMNS],
            "rows": [
                {
                    "id": i,
                    "name": f"person {i}",
                    "email": f"p{i}@example.com",
                    "status": ("open", "done", "late")[i % 3],
                    "amount": round(i * 1.37, 2),
                }
                for i in range(rows)
            ],
        },
    }


def ours(node: dict) -> Widget:
    return render_tree(node, RenderContext("bench", "table"))


def textuals(node: dict) -> Widget:
    table: DataTable = DataTable()
    table.add_columns(*COLUMNS)
    table.add_rows([[row[key] for key in COLUMNS] for row in node["props"]["rows"]])
    return table


class Host(App):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="panel")


async def first_frame_ms(build, node: dict) -> float:
    """Milliseconds from building the widget to the first refresh after it is mounted."""
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        painted = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        widget = build(node)
        await app.query_one("#panel").mount(widget)
        widget.call_after_refresh(lambda: painted.done() or painted.set_result(time.perf_counter()))
        end = await asyncio.wait_for(painted, 60)
        await pilot.pause()
    return (end - start) * 1000


async def measure(rows: int, runs: int) -> dict[str, float | int]:
    node = table_node(rows)
    result: dict[str, float | int] = {"rows": rows, "runs": runs}
    for name, build in (("imperal", ours), ("textual", textuals)):
        await first_frame_ms(build, node)  # warm-up: imports, CSS
        samples = [await first_frame_ms(build, node) for _ in range(runs)]
        result[f"datatable_first_frame_{name}_ms"] = round(statistics.median(samples), 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.rows < 0 or args.runs < 1:
        parser.error("--rows must be >= 0 and --runs >= 1")
    print(json.dumps(asyncio.run(measure(args.rows, args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
