"""One process, one first frame: `bare` (a Textual app of Header, Static, Footer) or `shell`
(imperal-shell's TUI on a fresh data dir), run headless at 80x24. Prints the seconds from the
start of this script (imports included) to the first refresh, and the CPU seconds the process
used until then, then leaves at once (shutdown is not part of the figure). `benchmarks/tui_figures.py` runs it."""

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402


def painted() -> None:
    # wall seconds, then this process's CPU seconds (less sensitive to a busy machine)
    print(f"{time.perf_counter() - STARTED:.6f} {time.process_time():.6f}", flush=True)
    os._exit(0)


def bare() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(painted)

    Bare().run(headless=True, size=(80, 24))


def shell() -> None:
    from imperal_tui.app import ShellApp
    from kernel.config import KernelConfig

    class FirstFrame(ShellApp):
        async def on_mount(self) -> None:
            await super().on_mount()
            self.call_after_refresh(painted)

    FirstFrame(KernelConfig.load(), "bench").run(headless=True, size=(80, 24))


if __name__ == "__main__":
    {"bare": bare, "shell": shell}[sys.argv[1]]()
