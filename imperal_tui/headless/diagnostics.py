"""Messages for people on stderr, one line each, so stdout stays pure data for scripts.

Colour only on a terminal that wants it: never when stderr is not a tty, NO_COLOR is set, or
TERM is dumb. Messages often quote stored data or extension text: every line is neutralised
(`imperal_tui.sanitize`), so an escape sequence in it prints as inert text.
"""

from __future__ import annotations

import contextlib
import os
import sys

from imperal_tui.sanitize import neutralise

PROG = "imperal-shell"
_STYLES = {"error": "\033[1;31m", "warning": "\033[33m", "hint": "\033[2m"}
_RESET = "\033[0m"


def use_colour(stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _emit(kind: str, message: str) -> None:
    label = f"{kind}:"
    if use_colour():
        label = f"{_STYLES[kind]}{label}{_RESET}"
    text = neutralise(" ".join(message.split("\n")) if kind != "hint" else message)
    with contextlib.suppress(OSError, ValueError):  # stderr closed: nothing better to do
        print(f"{PROG}: {label} {text}", file=sys.stderr, flush=True)


def error(message: str) -> None:
    _emit("error", message)


def warning(message: str) -> None:
    _emit("warning", message)


def hint(message: str) -> None:
    _emit("hint", message)


def debug_enabled() -> bool:
    return os.environ.get("IMPERAL_SHELL_DEBUG", "").lower() not in ("", "0", "false", "no")
