"""A session: one user's identity-bound handle on the kernel. Clients hold this, nothing else."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from kernel import events as ev
from kernel import ledger
from kernel.cards import CardExpired
from kernel.context import build_context
from kernel.executor import CallRequest
from kernel.reply import describe, text_events
from kernel.resolver import collect, match, readers
from kernel.router.plan import Plan, Resolve, Step, Unmapped


class Session:
    def __init__(self, kernel, user_id: str):
        if not user_id or not isinstance(user_id, str):
            raise ValueError("a session needs a user id")
        self.kernel = kernel
        self.user_id = user_id

    # --- chat -----------------------------------------------------------------------
    async def send(self, message: str) -> AsyncIterator[ev.Event]:
        """Route a message, run its plan through the chokepoint, and stream what happens."""
        plan = self.kernel.router.route(message if isinstance(message, str) else "")
        if isinstance(plan, Unmapped):
            yield ev.Error(ev.UNMAPPED, plan.message, {"suggestions": plan.suggestions})
            return
        yield ev.PlanProposed(
            plan_id="plan_" + uuid.uuid4().hex[:10],
            steps=tuple(
                ev.PlannedStep(
                    s.step_id,
                    s.app_id,
                    s.function,
                    {k: v.to_json() if isinstance(v, Resolve) else v for k, v in s.args.items()},
                    self._action_type(s),
                    s.depends_on,
                )
                for s in plan.steps
            ),
            router=plan.router,
        )
        async for event in self._run_steps(plan.steps, source="chat"):
            yield event

    async def confirm(self, card_id: str, digest: str | None = None) -> list[ev.Event]:
        """Run exactly what the card showed, then whatever of the plan came after it.

        `digest` (the full sha256 or a prefix of at least 8 hex digits) is what the person
        saw; when given and it does not match, nothing runs and the card stays pending.
        """
        if digest is not None:
            card = next((c for c in self.pending_cards() if c.card_id == card_id), None)
            if card is not None and not _digest_matches(card.digest, digest):
                return [
                    ev.Error(
                        ev.DIGEST_MISMATCH,
                        f"Card {card_id} shows digest {card.short_digest}, not {digest!r};"
                        " nothing ran and the card is still pending.",
                    )
                ]
        pending = self._take(card_id)
        if isinstance(pending, ev.Error):
            return [pending]
        card = pending.card
        out: list[ev.Event] = [ev.CardResolved(card_id, "confirmed")]
        req = CallRequest(
            self.user_id, card.app_id, card.function, ev_args(card), pending.source, card.step_id
        )
        stopped = False
        async for event in self.kernel.executor.run(req, confirmed=pending):
            out.append(event)
            out.extend(self._reply_for(event))
            stopped = stopped or _failed(event)
        if not stopped and pending.continuation:
            async for event in self._run_steps(pending.continuation, source=pending.source):
                out.append(event)
        return out

    async def deny(self, card_id: str, reason: str = "") -> list[ev.Event]:
        """Refuse a card: nothing runs, and the refusal is recorded."""
        pending = self._take(card_id)
        if isinstance(pending, ev.Error):
            return [pending]
        card = pending.card
        now = ledger.utcnow()
        async with self.kernel.db.transaction() as conn:
            lid = await ledger.append(
                conn,
                ledger.LedgerEntry(
                    user_id=self.user_id,
                    tenant_id="default",
                    app_id=card.app_id,
                    function=card.function,
                    action_type=card.action_type,
                    source=pending.source,
                    args_json=card.args_json,
                    status="denied",
                    started_at=now,
                    ended_at=now,
                    error=reason[:500],
                    card_id=card.card_id,
                ),
            )
        finished = ev.ActionFinished(
            card.step_id,
            card.app_id,
            card.function,
            card.action_type,
            ev_args(card),
            "denied",
            "",
            None,
            reason or "denied by the user",
            lid,
        )
        return [ev.CardResolved(card_id, "denied", reason), finished, *self._reply_for(finished)]

    def _take(self, card_id: str):
        try:
            pending = self.kernel.cards.take(card_id, self.user_id)
        except CardExpired:
            minutes = int(self.kernel.cards.ttl // 60)
            return ev.Error(
                ev.CARD_EXPIRED,
                f"Card {card_id} expired after {minutes} minutes; nothing ran. Ask again.",
            )
        if pending is None:
            return ev.Error(ev.CARD_NOT_FOUND, f"No pending card {card_id!r} for {self.user_id}.")
        return pending

    def pending_cards(self) -> list[ev.Card]:
        return self.kernel.cards.pending(self.user_id)

    # --- UI-triggered calls and panels ------------------------------------------------
    async def call(
        self, app_id: str, function: str, args: dict[str, Any] | None = None, *, source: str = "ui"
    ) -> list[ev.Event]:
        """A typed call with no router (a panel's ui.Call, `imperal-shell call`): same gates."""
        req = CallRequest(self.user_id, app_id, function, {} if args is None else args, source)
        out: list[ev.Event] = []
        async for event in self.kernel.executor.run(req):
            out.append(event)
            out.extend(self._reply_for(event))
        return out

    async def render(
        self, app_id: str, panel_id: str, params: dict[str, Any] | None = None
    ) -> dict:
        """A panel's ui tree; a failing panel becomes an error node, never an exception."""
        le = self.kernel.catalog.extensions.get(app_id)
        tool = le.ext._tools.get(f"__panel__{panel_id}") if le else None
        if tool is None:
            return _error_node(f"No panel {panel_id!r} in {app_id!r}.", "Unknown panel")
        ctx = build_context(
            self.kernel.db, user_id=self.user_id, app_id=app_id, ext=le.ext, tool_type="panel"
        )
        try:
            async with self.kernel.db.reading():
                result = await tool.func(ctx, **(params or {}))
        except Exception as exc:  # a panel's own bug: show it in place, keep the shell alive
            self.kernel.log.exception("panel %s.%s raised", app_id, panel_id)
            return _error_node(
                f"The panel failed with {type(exc).__name__}: {exc}"[:300], f"{app_id}: {panel_id}"
            )
        if isinstance(result, dict) and isinstance(result.get("ui"), dict):
            return result["ui"]
        if isinstance(result, dict) and "type" in result:
            return result
        return _error_node(
            f"The panel returned {type(result).__name__}, not a ui node.", f"{app_id}: {panel_id}"
        )

    # --- internals ----------------------------------------------------------------------
    def _action_type(self, step: Step) -> str:
        fd = self.kernel.catalog.function(step.app_id, step.function)
        return fd.action_type if fd else "unknown"

    def _reply_for(self, event: ev.Event) -> list[ev.Event]:
        if isinstance(event, ev.ActionFinished) and event.step_id and ".r" not in event.step_id:
            return list(text_events(describe(event)))
        return []

    async def _run_steps(self, steps: list[Step], *, source: str) -> AsyncIterator[ev.Event]:
        for index, step in enumerate(steps):
            args: dict[str, Any] = {}
            for key, value in step.args.items():
                if isinstance(value, Resolve):
                    found = None
                    async for event in self._resolve(step, value):
                        if isinstance(event, str):
                            found = event
                        else:
                            yield event
                    if found is None:
                        return
                    args[key] = found
                else:
                    args[key] = value
            req = CallRequest(self.user_id, step.app_id, step.function, args, source, step.step_id)
            stop = False
            async for event in self.kernel.executor.run(req, continuation=steps[index + 1 :]):
                yield event
                for reply in self._reply_for(event):
                    yield reply
                stop = stop or _failed(event) or isinstance(event, ev.ConfirmationRequired)
            if stop:
                return

    async def _resolve(self, step: Step, want: Resolve) -> AsyncIterator[ev.Event | str]:
        """Yield the resolver's own events, then the id (a str) if one item matched."""
        plans = readers(self.kernel.catalog, want.app_id, want.noun)
        if not plans:
            yield ev.Error(
                ev.NOT_FOUND, f"{want.app_id} has no read function to find “{want.title}”."
            )
            return
        message = ""
        for n, (fd, template) in enumerate(plans, start=1):
            args = {k: (want.title if v == "{title}" else v) for k, v in template.items()}
            req = CallRequest(
                self.user_id, want.app_id, fd.name, args, "resolver", f"{step.step_id}.r{n}"
            )
            data = None
            async for event in self.kernel.executor.run(req):
                if isinstance(event, ev.ActionFinished) and event.ok:
                    data = event.data
                elif isinstance(event, ev.Error | ev.ActionFinished):
                    yield event
            if data is None:
                continue
            found = match(collect(data), want.title, want.noun)
            if found.ident:
                yield found.ident
                return
            message = found.message
        yield ev.Error(ev.NOT_FOUND, message or f"No {want.noun} titled “{want.title}”.")


def _digest_matches(full: str, given: str) -> bool:
    given = given.strip().lower()
    return len(given) >= 8 and full.startswith(given)


def ev_args(card: ev.Card) -> dict[str, Any]:
    return json.loads(card.args_json)


def _failed(event: ev.Event) -> bool:
    return isinstance(event, ev.Error) or (isinstance(event, ev.ActionFinished) and not event.ok)


def _error_node(message: str, title: str) -> dict:
    return {"type": "Error", "props": {"message": message, "title": title}}


__all__ = ["Plan", "Session"]
