"""Plain-text output shared by init, validate and build: issue lines, usage errors, colour.

Colour only when stdout is a terminal and NO_COLOR is unset (never ANSI in a pipe or a file).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from imperal_tui.headless import diagnostics

_LEVEL_STYLE = {"ERROR": "\033[1;31m", "WARN": "\033[33m", "INFO": "\033[36m"}
_RESET = "\033[0m"


def usage(command: str, message: str) -> int:
    """A one-line usage error on stderr; exit code 2."""
    diagnostics.error(f"{command}: {message}")
    return 2


def colour(text: str, level: str) -> str:
    if level in _LEVEL_STYLE and diagnostics.use_colour(sys.stdout):
        return f"{_LEVEL_STYLE[level]}{text}{_RESET}"
    return text


def location(issue) -> str:
    if not issue.file:
        return ""
    return f"[{issue.file}:{issue.line}]" if issue.line else f"[{issue.file}]"


def issue_lines(issue) -> list[str]:
    """`  ERROR  [main.py:12]  [V10] message` and an optional `    Fix: ...` line."""
    where = location(issue)
    head = f"  {colour(f'{issue.level:<5}', issue.level)}  "
    head += f"{where}  " if where else ""
    lines = [f"{head}[{issue.rule}] {_one_line(issue.message)}"]
    if issue.fix:
        lines.append(f"    Fix: {_one_line(issue.fix)}")
    return lines


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@contextlib.contextmanager
def quiet_stdout(enabled: bool) -> Iterator[None]:
    """While an extension's main.py runs, send anything it prints to stderr (stdout is data)."""
    if not enabled:
        yield
        return
    with contextlib.redirect_stdout(sys.stderr):
        yield
