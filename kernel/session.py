"""A session: one user's identity-bound handle on the kernel. Clients hold this, nothing else.

Every method streams typed events (`kernel.events`); `kernel.stream.EventStream` also lets a
caller `await` the whole list. The session routes (through the kernel's router), resolves
titles and walks a plan; every step goes through the executor's one path.

Two walks: the offline router's plans run in order and stop at the first step that fails
(as they always have). Every other plan (`run_plan`, a model's classification) runs by the
chain rules of `kernel.router.chain`: checked and ordered before anything runs, `$REF`
arguments filled from earlier results, and a step that fails or is denied skips only the
steps that depend on it (`StepSkipped`), while independent steps still run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from kernel import events as ev
from kernel import ledger
from kernel.authz import UnknownUser, reserved
from kernel.cards import CardExpired
from kernel.executor import CallRequest
from kernel.history import bound as history_bound
from kernel.redact import redact_data, redact_event
from kernel.resolver import resolve
from kernel.router import refs
from kernel.router.answer import stream_answer
from kernel.router.chain import ChainState, PlanError, parse_plan, prepare
from kernel.router.llm import turn_user
from kernel.router.plan import (
    Answer,
    Conversation,
    Plan,
    Referent,
    Resolve,
    Step,
    Unavailable,
    Unmapped,
)
from kernel.stages import record
from kernel.stages.check import raw_args_json
from kernel.stream import EventStream
from kernel.transcript import Transcript

# how much of a conversation `Conversation.history` holds (what a model sees of earlier turns)
HISTORY_MESSAGES = 20
HISTORY_CHARS = 8000


class Session:
    def __init__(self, kernel, user_id: str):
        if not user_id or not isinstance(user_id, str):
            raise ValueError("a session needs a user id")
        if reserved(user_id):  # the system context is the kernel's own (kernel.authz)
            raise ValueError(f"{user_id!r} is reserved for the kernel; no session may act as it")
        self.kernel = kernel
        self.user_id = user_id
        # what the last steps returned, so "mark it done" names the item just added or shown,
        # and the earlier turns; kept in the chat history (kernel.history) when there is one
        self.conversation = Conversation()

    # --- chat -----------------------------------------------------------------------
    def send(
        self,
        message: str,
        *,
        router=None,
        continue_last: bool = False,
        conversation_id: str | None = None,
    ) -> EventStream:
        """Route a message, run its plan through the chokepoint, and stream what happens.
        `router`: this turn's router (`run --provider/--model`), else the kernel's.

        The turn belongs to a conversation of the chat history: this session's (a new one at
        its first message), or with `continue_last` the user's latest one, or the one named by
        `conversation_id` (an Error event, and nothing runs, when the user has none such).
        Joining one brings back its recent turns and what "it" stood for. The message and the
        reply (with a line on what ran) are recorded when the turn ends, however it ends."""
        text = message if isinstance(message, str) else ""
        return EventStream(self._turn(text, router, continue_last, conversation_id))

    async def _send(self, message: str, router=None) -> AsyncIterator[ev.Event]:
        router = self.kernel.router if router is None else router
        turn_user.set(self.user_id)  # the model's token account (kernel.llm.usage)
        plan = await router.route(message, self.conversation)
        if isinstance(plan, Unmapped):
            yield ev.Error(ev.UNMAPPED, plan.message, {"suggestions": plan.suggestions})
            return
        if isinstance(plan, Unavailable):  # one line for the user: no suggestions to list
            yield ev.Error(ev.NO_LLM, plan.message)
            return
        if isinstance(plan, Answer):
            async for event in stream_answer(plan):
                yield event
            return
        if plan.notice:
            yield ev.Notice("warning", plan.notice)
        if plan.router == "offline":
            yield self._proposed(plan.steps, plan.router)
            async for event in self._run_steps(plan.steps, source="chat"):
                yield event
            return
        async for event in self._run_plan(plan.steps, "chat", plan.router):
            yield event

    def run_plan(self, plan: Any, *, source: str = "plan") -> EventStream:
        """Run a plan of dependent steps by the chain rules (`kernel.router.chain`).

        `plan` is a list of `Step`s, or the classifier's JSON shape (a dict with
        `action_plans`, a bare list of step dicts, or a JSON string of either). A plan that
        cannot run (unknown function, a cycle, a dangling `depends_on` or `$REF`, a `$REF`
        path its function's data_model does not have) yields one `Error(invalid_plan)` and
        nothing runs. Otherwise `PlanProposed` (in the order they will run), then each step's
        events; `StepSkipped` for a step whose dependency did not succeed.
        """
        return EventStream(self._run_plan(plan, source, "plan"))

    async def _run_plan(self, plan: Any, source: str, router: str) -> AsyncIterator[ev.Event]:
        try:
            steps = prepare(parse_plan(plan), self.kernel.catalog)
        except PlanError as exc:
            yield ev.Error(ev.INVALID_PLAN, str(exc), {"problems": exc.problems})
            return
        yield self._proposed(steps, router)
        async for event in self._run_steps(steps, source=source, chain=ChainState()):
            yield event

    def _proposed(self, steps: list[Step], router: str) -> ev.PlanProposed:
        return ev.PlanProposed(
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
                for s in steps
            ),
            router=router,
        )

    def confirm(self, card_id: str, digest: str | None = None) -> EventStream:
        """Run exactly what the card showed, then whatever of the plan came after it.

        `digest` (the full sha256 or a prefix of at least 8 hex digits) is what the person
        saw; when given and it does not match, nothing runs and the card stays pending.
        """
        return EventStream(self._answered(self._confirm(card_id, digest), card_id))

    async def _confirm(self, card_id: str, digest: str | None) -> AsyncIterator[ev.Event]:
        if digest is not None:
            cards = await self.pending_cards()
            card = next((c for c in cards if c.card_id == card_id), None)
            if card is not None and not _digest_matches(card.digest, digest):
                yield ev.Error(
                    ev.DIGEST_MISMATCH,
                    f"Card {card_id} shows digest {card.short_digest}, not {digest!r};"
                    " nothing ran and the card is still pending.",
                )
                return
        pending = await self._take(card_id)
        if isinstance(pending, ev.Error):
            yield pending
            return
        card = pending.card
        yield ev.CardResolved(card_id, "confirmed")
        req = CallRequest(
            self.user_id, card.app_id, card.function, json.loads(card.args_json),
            pending.source, card.step_id,
        )  # fmt: skip
        chain, steps = ChainState.unpack(pending.continuation)
        step = Step(card.step_id, card.app_id, card.function)
        stopped, finished = False, None
        async for event in self.kernel.executor.run(req, confirmed=pending):
            event = _tagged(event, card.step_id) if chain is not None else event
            yield event
            for reply in self._reply_for(event):
                yield reply
            stopped = stopped or _failed(event)
            if isinstance(event, ev.ActionFinished) and event.step_id == card.step_id:
                finished = event
        if chain is not None:
            _settle(chain, step, finished, stopped)
        elif stopped:
            return
        if steps:
            async for event in self._run_steps(steps, source=pending.source, chain=chain):
                yield event

    def deny(self, card_id: str, reason: str = "") -> EventStream:
        """Refuse a card: nothing runs, and the refusal is recorded."""
        return EventStream(self._answered(self._deny(card_id, reason), card_id))

    async def _deny(self, card_id: str, reason: str) -> AsyncIterator[ev.Event]:
        pending = await self._take(card_id)
        if isinstance(pending, ev.Error):
            yield pending
            return
        card = pending.card
        now = ledger.utcnow()
        call = record.Call(self.user_id, card.app_id, card.function, pending.source, card.step_id)
        lid = await record.standalone(self.kernel.db, call, card.action_type, card.args_json,
                                      "denied", now, reason[:500], card.card_id)  # fmt: skip
        finished = ev.ActionFinished(
            card.step_id, card.app_id, card.function, card.action_type,
            json.loads(card.args_json), "denied", "", None, reason or "denied by the user", lid,
        )  # fmt: skip
        yield ev.CardResolved(card_id, "denied", reason)
        yield finished
        for reply in self._reply_for(finished):
            yield reply
        chain, steps = ChainState.unpack(pending.continuation)
        if chain is not None and steps:  # a chain goes on with what does not need this step
            _settle(chain, Step(card.step_id, card.app_id, card.function), finished, True)
            async for event in self._run_steps(steps, source=pending.source, chain=chain):
                yield event

    async def _take(self, card_id: str):
        cards = self.kernel.cards
        try:
            pending = await cards.take(card_id, self.user_id)
        except CardExpired:
            minutes = int(cards.ttl // 60)
            return ev.Error(
                ev.CARD_EXPIRED,
                f"Card {card_id} expired after {minutes} minutes; nothing ran. Ask again.",
            )
        if pending is None:
            return ev.Error(ev.CARD_NOT_FOUND, f"No pending card {card_id!r} for {self.user_id}.")
        return pending

    async def pending_cards(self) -> list[ev.Card]:
        """The user's pending cards, as shown (secret values masked; the card kept in the
        kernel runs the real arguments, checked by their digest)."""
        return [redact_event(c) for c in await self.kernel.cards.pending(self.user_id)]

    # --- the chat history (kernel.history) ---------------------------------------------
    def new_conversation(self) -> None:
        """Start afresh (`/new`): the next message opens a new conversation, with no earlier
        turns and no "it"."""
        self.conversation.conversation_id = None
        self.conversation.history = []
        self.conversation.last = None

    async def _turn(
        self, message: str, router, continue_last: bool, conversation_id: str | None
    ) -> AsyncIterator[ev.Event]:
        unlisted = _unlisted(self.kernel, self.user_id)
        if unlisted is not None:  # no routing, no model, no history for a refused profile
            yield unlisted
            return
        history = getattr(self.kernel, "history", None)
        if history is None:  # a kernel without a chat history
            async for event in self._send(message, router):
                yield event
            return
        problem = await self._join(history, continue_last, conversation_id)
        if problem is not None:
            yield problem
            return
        cid = self.conversation.conversation_id
        asked = history.append_soon(self.user_id, cid, "user", message)  # beside the routing
        turn = Transcript()
        try:
            async with contextlib.aclosing(self._send(message, router)) as events:
                async for event in events:
                    turn.add(event)
                    yield event
            turn.ended = True
        except Exception as exc:
            turn.fail(exc)
            raise
        finally:
            await self._record(history, cid, turn, after=asked, asked=message)

    async def _join(
        self, history, continue_last: bool, conversation_id: str | None
    ) -> ev.Error | None:
        """Point `self.conversation` at the conversation this turn belongs to."""
        conv = self.conversation
        row = None
        if conversation_id is not None:
            if conversation_id != conv.conversation_id:
                row = await history.get(self.user_id, conversation_id)
                if row is None:
                    return ev.Error(
                        ev.CONVERSATION_NOT_FOUND,
                        f"{self.user_id} has no conversation {conversation_id!r}; nothing ran"
                        " (`imperal-shell history` lists them).",
                    )
        elif continue_last:
            row = await history.last(self.user_id)
            if row is not None and row["id"] == conv.conversation_id:
                row = None  # already in it
        if row is not None:
            conv.conversation_id = row["id"]
            conv.last = Referent.from_json(row["referent"])
            conv.history = await history.recent(
                self.user_id, row["id"], max_messages=HISTORY_MESSAGES, max_chars=HISTORY_CHARS
            )
        elif conv.conversation_id is None:
            conv.conversation_id = history.new_id()
        return None

    async def _record(
        self, history, cid: str, turn: Transcript, *, after=None, asked: str | None = None,
        **meta: Any,
    ) -> None:  # fmt: skip
        """Keep the turn's reply (and what "it" now is) in the conversation `cid`; a task of
        its own, so a cancelled turn still records what it acknowledged."""
        conv = self.conversation
        content = turn.content()
        referent = conv.last.to_json() if conv.last is not None else None
        task = history.append_soon(
            self.user_id, cid, "assistant", content, turn.meta(**meta),
            referent=referent, after=after,
        )  # fmt: skip
        if cid == conv.conversation_id:
            added = [] if asked is None else [{"role": "user", "content": asked}]
            added.append({"role": "assistant", "content": content})
            conv.history = history_bound(
                [*conv.history, *added], max_messages=HISTORY_MESSAGES, max_chars=HISTORY_CHARS
            )
        await asyncio.shield(task)

    async def _answered(
        self, source: AsyncIterator[ev.Event], card_id: str
    ) -> AsyncIterator[ev.Event]:
        """A confirm or deny: what it ran goes into this session's conversation, else into
        the one whose turn showed the card (`imperal-shell confirm` after a `run`)."""
        history = getattr(self.kernel, "history", None)
        cid = self.conversation.conversation_id
        if cid is None and history is not None:
            cid = await history.conversation_of_card(self.user_id, card_id)
        turn = Transcript()
        try:
            async with contextlib.aclosing(source) as events:
                async for event in events:
                    turn.add(event)
                    yield event
            turn.ended = True
        finally:
            if history is not None and cid is not None and turn.resolved:
                await self._record(history, cid, turn, card_id=card_id)

    # --- UI-triggered calls and panels ------------------------------------------------
    def call(
        self, app_id: str, function: str, args: dict[str, Any] | None = None, *, source: str = "ui"
    ) -> EventStream:
        """A typed call with no router (a panel's ui.Call, `imperal-shell call`): same gates."""
        req = CallRequest(self.user_id, app_id, function, {} if args is None else args, source)
        return EventStream(self._call(req))

    async def _call(self, req: CallRequest) -> AsyncIterator[ev.Event]:
        async for event in self.kernel.executor.run(req):
            yield event
            for reply in self._reply_for(event):
                yield reply

    async def render(
        self, app_id: str, panel_id: str, params: dict[str, Any] | None = None
    ) -> dict:
        """A panel's ui tree, rendered read-only; a failing panel becomes an error node. Known
        secret values in it are masked (kernel.redact), as in every event."""
        node = await self.kernel.executor.render(self.user_id, app_id, panel_id, params)
        return redact_data(node)

    async def tray(self, app_id: str, tray_id: str):
        """A tray item's badge and dropdown (kernel.tray.TrayState), read like a panel."""
        from kernel import tray

        node = await self.kernel.executor.render(self.user_id, app_id, tray_id, kind="tray")
        return tray.state_of(app_id, tray_id, node)

    # --- internals ----------------------------------------------------------------------
    def _action_type(self, step: Step) -> str:
        fd = self.kernel.catalog.function(step.app_id, step.function)
        return fd.action_type if fd else "unknown"

    def _reply_for(self, event: ev.Event) -> list[ev.Event]:
        if isinstance(event, ev.ActionFinished) and event.step_id and ".r" not in event.step_id:
            if event.ok:
                self.conversation.observe(event.app_id, event.function, event.data)
            return self.kernel.router.reply(event)
        return []

    async def _run_steps(
        self, steps: list[Step], *, source: str, chain: ChainState | None = None
    ) -> AsyncIterator[ev.Event]:
        """Walk `steps` through the executor. Without `chain`: in order, stopping at the first
        failure. With it: skip a step whose dependency did not succeed, fill `$REF`s, go on.
        Either way a confirmation card pauses the walk; the rest is the card's continuation."""
        for index, step in enumerate(steps):
            rest = steps[index + 1 :]
            if chain is not None:
                blocker = chain.blocker(step)
                if blocker is not None:
                    what = f"{step.app_id}.{step.function}"
                    chain.blocked[step.step_id] = f"{what} was skipped"
                    yield ev.StepSkipped(step.step_id, step.app_id, step.function, blocker,
                                         f"it needs {blocker}: {chain.blocked[blocker]}")  # fmt: skip
                    continue
            args: dict[str, Any] | None = {}
            for key, value in step.args.items():
                if isinstance(value, Resolve):
                    found = None
                    async for event in resolve(self.kernel.executor, self.user_id, step, value):
                        if isinstance(event, str):
                            found = event
                        else:
                            yield event
                    if found is None:
                        args = None
                        break
                    args[key] = found
                else:
                    args[key] = value
            if args is None:  # the title matched nothing (or several): the lookup said so
                if chain is None:
                    return
                _settle(chain, step, None, True)
                continue
            if chain is not None:
                try:
                    args = chain.resolve(args)
                except refs.RefError as exc:
                    finished = await self._unresolved(step, args, source, str(exc))
                    yield finished
                    _settle(chain, step, finished, True)
                    continue
            req = CallRequest(self.user_id, step.app_id, step.function, args, source, step.step_id)
            continuation = rest if chain is None else chain.pack(rest)
            failed = paused = False
            finished = None
            async for event in self.kernel.executor.run(req, continuation=continuation):
                event = _tagged(event, step.step_id) if chain is not None else event
                yield event
                for reply in self._reply_for(event):
                    yield reply
                failed = failed or _failed(event)
                paused = paused or isinstance(event, ev.ConfirmationRequired)
                if isinstance(event, ev.ActionFinished) and event.step_id == step.step_id:
                    finished = event
            if paused or (failed and chain is None):
                return
            if chain is not None:
                _settle(chain, step, finished, failed)

    async def _unresolved(self, step: Step, args: dict, source: str, why: str):
        """A step whose `$REF` is not in the data its source step returned: recorded as an
        attempted call that failed before it could run."""
        fd = self.kernel.catalog.function(step.app_id, step.function)
        action_type = fd.action_type if fd else "unknown"
        name = f"{step.app_id}.{step.function}"
        msg = f"{name} did not run: its arguments could not be filled: {why}."
        call = record.Call(self.user_id, step.app_id, step.function, source, step.step_id)
        lid = await record.standalone(self.kernel.db, call, action_type, raw_args_json(args),
                                      "error", ledger.utcnow(), msg)  # fmt: skip
        return ev.ActionFinished(step.step_id, step.app_id, step.function, action_type, args,
                                 "error", "", None, msg, lid)  # fmt: skip


def _unlisted(kernel, user_id: str) -> ev.Error | None:
    """The refusal of a profile config.toml's [users] does not list (kernel.authz)."""
    directory = getattr(getattr(kernel, "executor", None), "directory", None)
    if directory is None:
        return None
    try:
        directory.profile(user_id)
    except UnknownUser as exc:
        return ev.Error(ev.FORBIDDEN, str(exc))
    return None


def _settle(chain: ChainState, step: Step, finished: ev.ActionFinished | None, failed: bool):
    """Record how a step ended: its data for later `$REF`s, or why its dependents skip."""
    what = f"{step.app_id}.{step.function}"
    if finished is not None and finished.ok and not failed:
        chain.results[step.step_id] = finished.data
    elif finished is not None and finished.status == "denied":
        chain.blocked[step.step_id] = f"{what} was denied"
    else:
        chain.blocked[step.step_id] = f"{what} failed"


def _tagged(event: ev.Event, step_id: str) -> ev.Event:
    """An error of a plan step carries its step id (`details.step_id`), so a client can tell
    which step it belongs to."""
    if isinstance(event, ev.Error) and "step_id" not in event.details:
        return ev.Error(event.code, event.message, {**event.details, "step_id": step_id})
    return event


def _digest_matches(full: str, given: str) -> bool:
    given = given.strip().lower()
    return len(given) >= 8 and full.startswith(given)


def _failed(event: ev.Event) -> bool:
    return isinstance(event, ev.Error) or (isinstance(event, ev.ActionFinished) and not event.ok)


__all__ = ["Plan", "Session"]
