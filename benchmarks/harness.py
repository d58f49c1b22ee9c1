"""Timing whole processes, and the temporary home every benchmark of one run shares."""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHELL = Path(sys.executable).parent / "imperal-shell"


class Bench:
    """Settings and state for one run: repeats, a scratch home, figures others reuse."""

    def __init__(self, runs: int, warmup: int, log=None):
        self.runs = max(1, runs)
        self.warmup = max(0, warmup)
        self.log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self.cache: dict[str, float] = {}
        self._home: Path | None = None
        self._stack = contextlib.ExitStack()

    # --- environment ---------------------------------------------------------------------
    @property
    def home(self) -> Path:
        if self._home is None:
            self._home = Path(tempfile.mkdtemp(prefix="imperal-bench-"))
            self._stack.callback(shutil.rmtree, self._home, ignore_errors=True)
            self._stack.callback(self._shutdown_resident)
        return self._home

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
        env.update(IMPERAL_SHELL_HOME=str(self.home), IMPERAL_SHELL_SERVER_IDLE="60")
        env.update(extra)
        return env

    def shell(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(SHELL), *args], capture_output=True, text=True, env=self.env(**env), timeout=120
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"imperal-shell {' '.join(args)} exited {proc.returncode}: {proc.stderr}"
            )
        return proc

    def wait_for_resident(self, timeout: float = 20.0) -> None:
        """Block until the home's resident kernel answers, so timings measure the warm path."""
        from kernel.client import KernelUnavailable, connect
        from kernel.config import KernelConfig

        deadline = time.monotonic() + timeout
        config = KernelConfig.load(home=self.home, env=self.env())
        while True:
            try:
                connect(config)
                return
            except KernelUnavailable:
                if time.monotonic() > deadline:
                    raise RuntimeError("the resident kernel did not come up") from None
                time.sleep(0.05)

    def _shutdown_resident(self) -> None:
        from kernel.client import KernelUnavailable, connect
        from kernel.config import KernelConfig

        with contextlib.suppress(KernelUnavailable, OSError, RuntimeError, ValueError, KeyError):
            connect(KernelConfig.load(home=self.home, env=self.env())).shutdown()

    def on_close(self, callback) -> None:
        """Run `callback()` when the run ends (stop resident kernels, remove scratch dirs)."""
        self._stack.callback(callback)

    def close(self) -> None:
        self._stack.close()

    # --- timing --------------------------------------------------------------------------
    def median_wall(self, argv: list[str], env: dict[str, str] | None = None) -> float:
        """Median wall seconds of `argv` as a whole process, after the warm-up runs."""
        samples = []
        for i in range(self.warmup + self.runs):
            started = time.perf_counter()
            proc = subprocess.run(argv, capture_output=True, env=env, timeout=120)
            elapsed = time.perf_counter() - started
            if proc.returncode != 0:
                raise RuntimeError(
                    f"{argv} exited {proc.returncode}: {proc.stderr.decode()[-500:]}"
                )
            if i >= self.warmup:
                samples.append(elapsed)
        return statistics.median(samples)

    def baseline(self, name: str, code: str) -> float:
        """`python -c code` timed once per run and shared by every figure that compares to it."""
        if name not in self.cache:
            self.log(f"timing python -c {code!r}")
            self.cache[name] = self.median_wall([sys.executable, "-c", code])
        return self.cache[name]


def rounded(seconds: float) -> float:
    return round(seconds, 4)
