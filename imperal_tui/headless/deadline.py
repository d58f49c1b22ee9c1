"""A wall-clock limit for one command (`--timeout`), so a stuck kernel ends in exit 6."""

from __future__ import annotations

import contextlib
import signal
import threading


class CommandTimeout(Exception):
    """The command ran past its `--timeout`."""


@contextlib.contextmanager
def deadline(seconds: float | None):
    """Raise CommandTimeout in the main thread after `seconds`; no limit when None or <= 0."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise CommandTimeout(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
