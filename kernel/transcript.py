"""What one turn said and did, folded from its events into the message the chat history keeps.

The recorded text is the reply the user read (the turn's `TextDelta`s) and one line saying
what ran: `[notes.create_note ok; notes.delete_note awaiting confirmation (card c_1)]`, so a
model reading the history later knows what happened, not only what was said. The structured
account (steps, cards, errors, status) goes in the message's meta.
"""

from __future__ import annotations

from typing import Any

from kernel import events as ev

MAX_ERROR_CHARS = 300


class Transcript:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.router = ""
        self.steps: list[dict[str, Any]] = []
        self.cards: dict[str, dict[str, str]] = {}  # shown and not yet answered, by card id
        self.resolved: list[dict[str, str]] = []
        self.tasks: list[dict[str, str]] = []
        self.errors: list[dict[str, str]] = []
        self.ended = False  # the turn ran to its end (not cancelled or broken off)

    def add(self, event: Any) -> None:
        if isinstance(event, ev.TextDelta):
            self.parts.append(event.text)
        elif isinstance(event, ev.PlanProposed):
            self.router = event.router
        elif isinstance(event, ev.ActionFinished):
            if ".r" not in event.step_id:  # a title lookup is part of its step, not a step
                self.steps.append(
                    {
                        "step_id": event.step_id,
                        "app_id": event.app_id,
                        "function": event.function,
                        "status": event.status,
                        "ledger_id": event.ledger_id,
                    }
                )
        elif isinstance(event, ev.ConfirmationRequired):
            card = event.card
            self.cards[card.card_id] = {"app_id": card.app_id, "function": card.function}
        elif isinstance(event, ev.CardResolved):
            self.cards.pop(event.card_id, None)
            self.resolved.append({"card_id": event.card_id, "decision": event.decision})
        elif isinstance(event, ev.TaskPromoted):
            self.tasks.append(
                {"task_id": event.task_id, "app_id": event.app_id, "function": event.function}
            )
        elif isinstance(event, ev.Error):
            self.errors.append({"code": event.code, "message": event.message[:MAX_ERROR_CHARS]})

    def fail(self, exc: BaseException) -> None:
        """The turn broke with an exception (a kernel bug): say so in the record."""
        self.errors.append({"code": ev.INTERNAL, "message": f"{type(exc).__name__}: {exc}"})

    @property
    def status(self) -> str:
        """ok | failed | denied | needs_confirmation | interrupted"""
        statuses = {s["status"] for s in self.steps}
        if not self.ended:
            return "interrupted"
        if self.errors or statuses - {"ok", "denied"}:
            return "failed"
        if "denied" in statuses:
            return "denied"
        return "needs_confirmation" if self.cards else "ok"

    def summary(self) -> str:
        """One line: what ran and how it ended; "" when nothing ran and nothing went wrong."""
        items = [f"{s['app_id']}.{s['function']} {s['status']}" for s in self.steps]
        items += [
            f"{c['app_id']}.{c['function']} awaiting confirmation (card {cid})"
            for cid, c in self.cards.items()
        ]
        items += [
            f"{t['app_id']}.{t['function']} running as task {t['task_id']}" for t in self.tasks
        ]
        items += [f"error: {' '.join(e['message'].split())}" for e in self.errors]
        if not self.ended:
            items.append("interrupted")
        return "[" + "; ".join(items) + "]" if items else ""

    def content(self) -> str:
        reply = "".join(self.parts).strip()
        return "\n".join(part for part in (reply, self.summary()) if part)

    def meta(self, **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {"status": self.status, "steps": self.steps}
        for key in ("router", "cards", "resolved", "tasks", "errors"):
            value = getattr(self, key)
            if value:
                meta[key] = value
        return {**meta, **extra}
