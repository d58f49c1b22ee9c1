"""`imperal-shell web` figures (issue 9 point 7, issue 10 point 1). Prints JSON (medians):

- `token_verify_us`: one `kernel.tokens.verify` (signature, claims, the revocation row read
  from SQLite), which every page load and session start pays;
- with the system Chromium (see tests/web/browser.py): `first_screen_ms`, from `page.goto`
  with a token to the TUI's first screen in the browser (a new TUI process each time), and
  `reply_ms`, from pressing Enter on a request to its reply on screen.

    python -m benchmarks.web_session [--runs 3] [--verifies 500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kernel import tokens  # noqa: E402
from tests.web.browser import Served, Terminal, chromium, home_env, unavailable  # noqa: E402


def verify_us(home: Path, count: int) -> float:
    key = tokens.signing_key(home, home, create=True)
    issued = tokens.issue(home / "kernel.db", key, "bench", 3600)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        tokens.verify(home / "kernel.db", key, issued.token)
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def browser_ms(home: Path, runs: int) -> dict[str, float]:
    served = Served(home, home_env(home))
    first, reply = [], []
    try:
        served.start()
        with chromium(home / "chromium-profile") as context:
            for i in range(runs):
                page = context.new_page()
                terminal = Terminal(page)
                token = served.token(user=f"bench{i}").token
                start = time.perf_counter()
                page.goto(f"{served.url}/?token={token}")
                terminal.wait_for("Type a request")
                first.append((time.perf_counter() - start) * 1000)
                page.locator(".xterm-helper-textarea").focus()
                page.keyboard.type(f"add a task item{i}")
                start = time.perf_counter()
                page.keyboard.press("Enter")
                terminal.wait_for("Added task")
                reply.append((time.perf_counter() - start) * 1000)
                page.close()
    finally:
        served.stop()
    return {
        "first_screen_ms": round(statistics.median(first), 1),
        "reply_ms": round(statistics.median(reply), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verifies", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir(mode=0o700)
        for name, value in home_env(home).items():
            if name.startswith("IMPERAL_SHELL_"):
                os.environ[name] = value
        figures: dict[str, object] = {
            "token_verify_us": round(verify_us(home, args.verifies), 1),
            "verifies": args.verifies,
        }
        reason = unavailable()
        if reason is None:
            figures.update(browser_ms(home, args.runs), runs=args.runs)
        else:
            figures["browser"] = f"skipped: {reason}"
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
