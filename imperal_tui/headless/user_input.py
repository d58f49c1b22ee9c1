"""Reading what a command line passes (words, stdin, JSON) and refusing what is not usable
text or data, with a UsageError (exit 2) before anything runs.

Refused: invalid UTF-8 on stdin, lone surrogates (from `\\ud800` in JSON, or undecodable bytes
in an argument), JSON nested deeper than MAX_DEPTH, and the non-standard JSON constants NaN and
Infinity.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from imperal_tui.headless.usage import UsageError

MAX_DEPTH = 100  # JSON nesting; the kernel's frames refuse more than 200
MAX_TIMEOUT = 7 * 24 * 3600.0  # a week: past that `--timeout` is a typo, and timers overflow


def read_stdin(what: str) -> str:
    """All of stdin as UTF-8 text, strictly: invalid bytes are a usage error."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a replaced stdin (tests): already text
        return check_text(sys.stdin.read(), what)
    data = buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what} on stdin is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset"
            f" {exc.start}); nothing ran"
        ) from None


def check_text(text: str, what: str) -> str:
    """`text`, unless it holds a lone surrogate (not Unicode text; cannot be stored)."""
    for i, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            raise UsageError(
                f"{what} is not valid Unicode text (a lone surrogate \\u{ord(char):04x} at"
                f" character {i}); nothing ran"
            )
    return text


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(text: str, what: str) -> Any:
    """The JSON value of `text`, refusing NaN/Infinity, deep nesting and lone surrogates."""
    try:
        value = json.loads(text, parse_constant=_constant)
    except RecursionError:
        raise UsageError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:
        raise UsageError(f"{what} is not valid JSON: {exc}; nothing ran") from None
    _check_value(value, what)
    return value


def _check_value(value: Any, what: str) -> None:
    """Walk `value` without recursion: depth and strings (keys included)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            check_text(item, what)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise UsageError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)")
            if isinstance(item, dict):
                stack += [(k, depth) for k in item]
                stack += [(v, depth + 1) for v in item.values()]
            else:
                stack += [(v, depth + 1) for v in item]


def check_timeout(seconds: float | None) -> None:
    """`--timeout`: a finite number of seconds above 0 and at most MAX_TIMEOUT."""
    if seconds is None:
        return
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise UsageError(
            f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}"
            f" (a week), got {seconds:g}"
        )
