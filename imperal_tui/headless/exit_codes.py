"""Process exit codes: an API scripts switch on, so the numbers never change."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ACTION_FAILED = 1
    USAGE = 2
    CONFIRMATION_NEEDED = 3
    DENIED = 4
    NO_LLM = 5
    TIMEOUT = 6
    INTERRUPTED = 130

    @property
    def status(self) -> str:
        """The word the JSON envelope's `status` carries for this code."""
        return _STATUS[self]


_STATUS = {
    ExitCode.OK: "ok",
    ExitCode.ACTION_FAILED: "failed",
    ExitCode.USAGE: "usage_error",
    ExitCode.CONFIRMATION_NEEDED: "needs_confirmation",
    ExitCode.DENIED: "denied",
    ExitCode.NO_LLM: "no_llm",
    ExitCode.TIMEOUT: "timeout",
    ExitCode.INTERRUPTED: "interrupted",
}

# When one run has several problems, the most telling one decides the exit code.
PRECEDENCE = (
    ExitCode.INTERRUPTED,
    ExitCode.USAGE,
    ExitCode.NO_LLM,
    ExitCode.TIMEOUT,
    ExitCode.DENIED,
    ExitCode.ACTION_FAILED,
    ExitCode.CONFIRMATION_NEEDED,
    ExitCode.OK,
)


def worst(codes) -> ExitCode:
    """The code that wins among `codes` (OK when there are none)."""
    present = set(codes)
    return next((code for code in PRECEDENCE if code in present), ExitCode.OK)
