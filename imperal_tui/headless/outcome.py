"""Fold a kernel event stream into what one headless command produced, and its exit code.

The TUI shows events as they come; a script wants the end state: the reply, the steps that ran,
the cards still waiting, the errors. The exit code derives from those and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imperal_tui.headless.exit_codes import ExitCode, worst
from kernel import events as ev

USAGE_ERRORS = frozenset(
    {ev.UNMAPPED, ev.UNKNOWN_FUNCTION, ev.INVALID_ARGS, ev.INVALID_PLAN, "request_too_large"}
)
DENIED_ERRORS = frozenset({"denied", "permission_denied", "policy_denied", "forbidden"})
NO_LLM_ERRORS = frozenset({"llm_unavailable", "provider_unreachable", "no_llm"})
TIMEOUT_ERRORS = frozenset({"timeout"})

_STEP_STATUS = {
    "ok": ExitCode.OK,
    "error": ExitCode.ACTION_FAILED,
    "denied": ExitCode.DENIED,
    "unconfirmed": ExitCode.CONFIRMATION_NEEDED,
    "timeout": ExitCode.TIMEOUT,  # the handler passed its time cap
}


def error_exit_code(code: str) -> ExitCode:
    if code in USAGE_ERRORS:
        return ExitCode.USAGE
    if code in DENIED_ERRORS:
        return ExitCode.DENIED
    if code in NO_LLM_ERRORS:
        return ExitCode.NO_LLM
    if code in TIMEOUT_ERRORS:
        return ExitCode.TIMEOUT
    return ExitCode.ACTION_FAILED


@dataclass
class Outcome:
    """Everything a `run` or `call` produced, in the order it happened."""

    reply_parts: list[str] = field(default_factory=list)
    reply_shown: bool = False  # the reply was written to stdout as it streamed
    notices: list[ev.Notice] = field(default_factory=list)
    steps: list[ev.ActionFinished] = field(default_factory=list)
    skipped: list[ev.StepSkipped] = field(default_factory=list)  # plan steps that never ran
    cards: dict[str, ev.Card] = field(default_factory=dict)  # every card shown, by id
    resolved: dict[str, str] = field(default_factory=dict)  # card id -> decision
    errors: list[ev.Error] = field(default_factory=list)
    extra_codes: list[ExitCode] = field(default_factory=list)  # timeout, interrupt, ...
    denial_requested: bool = False  # `imperal-shell deny`: a denied card is the success

    def add(self, event: Any) -> None:
        if isinstance(event, ev.TextDelta):
            self.reply_parts.append(event.text)
        elif isinstance(event, ev.Notice):
            self.notices.append(event)
        elif isinstance(event, ev.ActionFinished):
            self.steps.append(event)
        elif isinstance(event, ev.StepSkipped):
            self.skipped.append(event)
        elif isinstance(event, ev.ConfirmationRequired):
            self.cards[event.card.card_id] = event.card
        elif isinstance(event, ev.CardResolved):
            self.resolved[event.card_id] = event.decision
        elif isinstance(event, ev.Error):
            self.errors.append(event)

    def extend(self, events) -> None:
        for event in events:
            self.add(event)

    @property
    def reply(self) -> str:
        return "".join(self.reply_parts)

    @property
    def pending(self) -> list[ev.Card]:
        """Cards shown and never confirmed or denied: the actions that did not run."""
        return [card for cid, card in self.cards.items() if cid not in self.resolved]

    @property
    def exit_code(self) -> ExitCode:
        codes = [*self.extra_codes]
        codes += [error_exit_code(e.code) for e in self.errors]
        denied = ExitCode.OK if self.denial_requested else ExitCode.DENIED
        codes += [
            denied if s.status == "denied" else _STEP_STATUS.get(s.status, ExitCode.ACTION_FAILED)
            for s in self.steps
        ]
        if self.pending:
            codes.append(ExitCode.CONFIRMATION_NEEDED)
        return worst(codes)
