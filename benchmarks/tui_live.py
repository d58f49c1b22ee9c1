"""Live updates: how long after another client's write the TUI shows it, with no key pressed.

A headless ShellApp runs on an in-process kernel with an extension that has a tray item; a
second session on the same kernel (as `imperal-shell call` is, through the resident kernel)
adds a message; timed are the write itself, then from its end until the tray badge shows
the new count. Then it creates a note: timed from the write's end until the notes panel shows
it. Prints JSON (milliseconds, medians):

    python -m benchmarks.tui_live [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def _write(app, function: str, args: dict) -> None:
    """A write by another session of the same user, on the kernel's own loop."""
    host = app.client.host

    async def call() -> None:
        async for _ in host.kernel.session(app.user).call(*function.split("."), args):
            pass

    await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(call(), host.loop))


async def _until(pilot, predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the TUI never showed the change")
        await pilot.pause(0.001)


async def measure(runs: int) -> dict[str, float]:
    from imperal_tui.app import ShellApp
    from imperal_tui.renderer.list_view import UiList
    from imperal_tui.widgets.tray import TrayStrip
    from kernel.config import KernelConfig
    from tests.tui.tray_support import write_inbox

    home = Path(tempfile.mkdtemp(prefix="imperal-bench-live-"))
    os.environ.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="0")
    write_inbox(home)
    app = ShellApp(KernelConfig.load(home=home), "bench")
    write_ms, tray_ms, panel_ms = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.wait_idle()
        unread = app.query_one(TrayStrip).button("inbox", "unread")

        def titles() -> list[str]:
            return [t for v in app.panels.views() if v.app_id == "notes"
                    for lst in v.query(UiList) for t in lst.visible_titles()]  # fmt: skip

        for i in range(runs):
            start = time.perf_counter()
            await _write(app, "inbox.add_message", {"text": f"m{i}"})
            written = time.perf_counter()
            await _until(pilot, lambda n=i + 1: unread.badge == str(n))
            write_ms.append((written - start) * 1000)
            tray_ms.append((time.perf_counter() - written) * 1000)
            await _write(app, "notes.create_note", {"title": f"note {i}"})
            written = time.perf_counter()
            await _until(pilot, lambda t=f"note {i}": t in titles())
            panel_ms.append((time.perf_counter() - written) * 1000)
    shutil.rmtree(home, ignore_errors=True)
    return {
        "tui_live_write_ms": round(statistics.median(write_ms), 1),
        "tui_live_tray_badge_after_write_ms": round(statistics.median(tray_ms), 1),
        "tui_live_panel_after_write_ms": round(statistics.median(panel_ms), 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(max(1, args.runs)))))


if __name__ == "__main__":
    main()
