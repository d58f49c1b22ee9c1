"""The client contract: every event a session yields, as frozen typed objects.

The TUI and the headless runner are two renderings of this one stream; nothing else crosses
from the kernel to a client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TextDelta:
    """A piece of the assistant's reply, in order; concatenated they make the reply."""

    text: str


@dataclass(frozen=True)
class PlannedStep:
    step_id: str
    app_id: str
    function: str
    args: dict[str, Any]
    action_type: str
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanProposed:
    plan_id: str
    steps: tuple[PlannedStep, ...]
    router: str = "offline"


@dataclass(frozen=True)
class Card:
    """A confirmation card: exactly the bytes that will run if the user accepts."""

    card_id: str
    step_id: str
    app_id: str
    function: str
    action_type: str
    args_json: str
    digest: str  # sha256 hex of args_json's UTF-8 bytes
    description: str = ""

    @property
    def short_digest(self) -> str:
        return self.digest[:12]

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "step_id": self.step_id,
            "app_id": self.app_id,
            "function": self.function,
            "action_type": self.action_type,
            "args_json": self.args_json,
            "digest": self.digest,
            "short_digest": self.short_digest,
            "description": self.description,
        }


@dataclass(frozen=True)
class ConfirmationRequired:
    card: Card


@dataclass(frozen=True)
class CardResolved:
    card_id: str
    decision: str  # "confirmed" | "denied"
    reason: str = ""


@dataclass(frozen=True)
class ActionStarted:
    step_id: str
    app_id: str
    function: str
    action_type: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Progress:
    step_id: str
    percent: float
    message: str = ""


@dataclass(frozen=True)
class ActionFinished:
    step_id: str
    app_id: str
    function: str
    action_type: str
    args: dict[str, Any]
    status: str  # "ok" | "error" | "denied" | "unconfirmed"
    summary: str = ""
    data: Any = None
    error: str = ""
    ledger_id: int | None = None
    ui: dict[str, Any] | None = None
    error_code: str = ""  # ActionResult.error(..., code=...): for scripts to branch on
    retryable: bool = False  # the result said trying again may succeed

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class StepSkipped:
    """A plan step that did not run because a step it depends on did not succeed (failed,
    was denied, or was itself skipped). Nothing was attempted, so it has no ledger row."""

    step_id: str
    app_id: str
    function: str
    blocked_by: str  # the step id it needed
    reason: str = ""  # for people: "it needs s1: tasks.add_task failed"


@dataclass(frozen=True)
class PanelInvalidated:
    app_id: str
    panel_ids: tuple[str, ...] | None = None  # None: every panel of the app


@dataclass(frozen=True)
class ProactiveMessage:
    app_id: str
    text: str


@dataclass(frozen=True)
class Error:
    """Something the user must read; `code` is stable, `message` is for people."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskPromoted:
    """A call still running after the promotion delay: it goes on as task `task_id`; its
    result arrives later (on this turn if the client stays, else as a proactive message)."""

    task_id: str
    step_id: str
    app_id: str
    function: str
    message: str = ""


@dataclass(frozen=True)
class Notification:
    """`ctx.notify`: something an extension wants the user to notice (a toast, a line)."""

    app_id: str
    message: str
    channel: str = "in_app"
    severity: str = ""  # `ctx.notify.send(..., severity="warning")`: "", "warning", "error"


@dataclass(frozen=True)
class Notice:
    """Something about the kernel itself the user should see once: the model is unavailable
    and the offline router answered instead. TUI: a banner; headless: one stderr line."""

    level: str  # "warning" | "info"
    message: str
    source: str = "llm"


Event = (
    TextDelta
    | PlanProposed
    | ConfirmationRequired
    | CardResolved
    | ActionStarted
    | Progress
    | ActionFinished
    | StepSkipped
    | PanelInvalidated
    | ProactiveMessage
    | Error
    | TaskPromoted
    | Notification
    | Notice
)

# Stable error codes clients may switch on.
UNMAPPED = "unmapped"
UNKNOWN_FUNCTION = "unknown_function"
INVALID_ARGS = "invalid_args"
INVALID_PLAN = "invalid_plan"  # a plan refused before anything ran (kernel.router.chain)
NOT_FOUND = "not_found"
CARD_NOT_FOUND = "card_not_found"
DIGEST_MISMATCH = "digest_mismatch"
HANDLER_FAILED = "handler_failed"
POLICY_DENIED = "policy_denied"
FORBIDDEN = "forbidden"  # the user's role lacks a scope the call needs (kernel.authz)
CARD_EXPIRED = "card_expired"
CONVERSATION_NOT_FOUND = "conversation_not_found"
INTERNAL = "internal"

NO_LLM = "no_llm"
CONFIRMATION_UNAVAILABLE = "confirmation_unavailable"
