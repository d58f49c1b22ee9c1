"""First frames of panels built from the newer node families (no goal in issue 9; figures to
watch): Tabs whose tabs are built lazily, against mounting every tab's body at once; a line
chart of 10,000 points and a bar chart of 1,000 rows; an Accordion of many sections.

Timed as in `tui_datatable` (build, mount, first refresh after it). Prints JSON (ms, medians):

    python -m benchmarks.tui_nodes [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.tui_datatable import first_frame_ms, ours  # noqa: E402

TABS = 20
ROWS_PER_TAB = 200


def items(tab: int) -> dict:
    rows = [{"id": f"{tab}-{i}", "title": f"item {i} of tab {tab}"} for i in range(ROWS_PER_TAB)]
    return {"type": "List", "props": {"items": rows}}


def tabs_node() -> dict:
    tabs = [{"label": f"Tab {t}", "content": items(t)} for t in range(TABS)]
    return {"type": "Tabs", "props": {"tabs": tabs}}


def every_tab_node() -> dict:
    """What mounting every tab's body at once would cost: all bodies in one stack."""
    return {"type": "Stack", "props": {"children": [items(t) for t in range(TABS)]}}


def chart_node(kind: str, points: int) -> dict:
    data = [{"name": f"p{i}", "a": (i * 37) % 101, "b": (i * 13) % 57} for i in range(points)]
    return {"type": "Chart", "props": {"chart_type": kind, "data": data, "title": "bench"}}


def accordion_node(sections: int) -> dict:
    entries = [
        {"id": str(s), "title": f"Section {s}", "children": [items(s)]} for s in range(sections)
    ]
    return {"type": "Accordion", "props": {"sections": entries}}


CASES = {
    "tabs_lazy_20x200": tabs_node,
    "tabs_all_bodies_20x200": every_tab_node,
    "chart_line_10000_points": lambda: chart_node("line", 10_000),
    "chart_bar_1000_rows": lambda: chart_node("bar", 1_000),
    "accordion_50_sections": lambda: accordion_node(50),
}


async def measure(runs: int) -> dict[str, float | int]:
    result: dict[str, float | int] = {"runs": runs}
    for name, make in CASES.items():
        node = make()
        await first_frame_ms(ours, node)  # warm-up: imports, CSS
        samples = [await first_frame_ms(ours, node) for _ in range(runs)]
        result[f"{name}_first_frame_ms"] = round(statistics.median(samples), 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be >= 1")
    print(json.dumps(asyncio.run(measure(args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
