"""The one execute path every call passes, whoever starts it: chat, a panel's ui.Call, a
headless `call`, another extension's `ctx.extensions.call`, and the hooks later issues add.

Stages (`kernel.stages`): check -> authorize (the profile's scopes, `kernel.authz`; policy;
card) -> invoke (the extension's worker, under the caps; promoted to a task when it runs long)
-> record (the staged writes and the ledger row in one durable commit). Panel renders pass the
same path read-only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from kernel import authz, ledger
from kernel import events as ev
from kernel.canonical import canonical_json, sha256_hex
from kernel.cards import PendingCard, new_card_id
from kernel.host.scope import RemoteError
from kernel.results import error_code_of, exception_text
from kernel.router.plan import step_to_json
from kernel.stages import record
from kernel.stages.authorize import Policy
from kernel.stages.check import Rejected, check, raw_args_json
from kernel.stages.invoke import Invoked, Invoker

log = logging.getLogger("kernel.executor")

PROMOTE_AFTER_S = 5.0
MAX_CALL_DEPTH = 8


@dataclass
class CallRequest:
    user_id: str
    app_id: str
    function: str
    args: dict[str, Any]
    source: str = "chat"  # chat | ui | cli | resolver | extension:<app> | panel
    step_id: str = "s1"
    chain: tuple[str, ...] = ()  # calls that led here (ctx.extensions.call)
    cards_allowed: bool = True  # False inside another call: nobody is there to answer
    promotable: bool = True  # False inside another call: it lives and dies with its caller


@dataclass
class _Flight:
    """A call in flight: whether its client left after promotion, and its task id."""

    task_id: str = ""
    detached: bool = False
    progress: tuple[float, str] | None = None  # the last report, for the task row at promotion
    events: list[Any] = field(default_factory=list)


class Executor:
    def __init__(self, db, catalog, cards, invoker: Invoker, *, policy: Policy, tasks,
                 publish: Callable[[str, Any], None],
                 promote_after: float = PROMOTE_AFTER_S,
                 directory: authz.Directory | None = None):  # fmt: skip
        self.db = db
        self.directory = directory or authz.Directory()  # profiles: roles and scopes
        self.catalog = catalog
        self.cards = cards
        self.invoker = invoker
        self.policy = policy
        self.tasks = tasks
        self.publish = publish
        self.promote_after = promote_after
        self.running: dict[str, asyncio.Task] = {}  # task id -> the call's task

    # --- chat functions ----------------------------------------------------------------
    async def run(self, req: CallRequest, *, confirmed: PendingCard | None = None,
                  continuation: list | None = None) -> AsyncIterator[ev.Event]:  # fmt: skip
        started = ledger.utcnow()
        call = record.Call(req.user_id, req.app_id, req.function, req.source, req.step_id)
        name = f"{req.app_id}.{req.function}"
        checked = check(self.catalog, req.app_id, req.function, req.args)
        if isinstance(checked, Rejected):
            lid = await record.standalone(self.db, call, checked.action_type, checked.raw_json,
                                          "error", started, checked.message)  # fmt: skip
            yield ev.Error(checked.code, checked.message, {"ledger_id": lid})
            return
        fd, action_type = checked.fd, checked.action_type
        refused = await self._unless_allowed(call, action_type, checked.raw_json, started, name)
        if refused is not None:  # before any card or extension code: the user may not
            yield refused
            return
        rule = self.policy.denied_by(req.app_id, req.function)
        if rule is not None:
            msg = f"{name} is denied by policy (deny rule {rule!r}); nothing ran."
            lid = await record.standalone(self.db, call, action_type, checked.raw_json, "denied",
                                          started, msg)  # fmt: skip
            yield ev.Error(ev.POLICY_DENIED, msg, {"ledger_id": lid})
            return
        card_id = confirmed.card.card_id if confirmed else ""
        if confirmed is not None or self.policy.needs_card(action_type, req.source):
            scope = self._scope(req, read_only=True)
            v = await self.invoker.run(scope, "fn", req.function, req.args,
                                       cap=self.invoker.inline_cap, validate_only=True)  # fmt: skip
            if v.status != "validated":
                async for event in self._failed(call, name, action_type, checked.raw_json,
                                                started, v, card_id):  # fmt: skip
                    yield event
                return
            if confirmed is not None:
                if sha256_hex(v.args_json) != confirmed.card.digest:
                    msg = f"The arguments of {name} changed after the card was shown; nothing ran."
                    lid = await record.standalone(self.db, call, action_type, v.args_json,
                                                  "error", started, msg, card_id)  # fmt: skip
                    yield ev.Error(ev.DIGEST_MISMATCH, msg, {"ledger_id": lid})
                    return
            elif not req.cards_allowed:
                msg = (f"{name} is {action_type} and needs the user's confirmation; it cannot "
                       "run from inside another call.")  # fmt: skip
                lid = await record.standalone(self.db, call, action_type, v.args_json, "denied",
                                              started, msg)  # fmt: skip
                yield ev.Error(ev.CONFIRMATION_UNAVAILABLE, msg, {"ledger_id": lid})
                return
            else:
                card = ev.Card(
                    card_id=new_card_id(), step_id=req.step_id, app_id=req.app_id,
                    function=req.function, action_type=action_type, args_json=v.args_json,
                    digest=sha256_hex(v.args_json), description=fd.description,
                )  # fmt: skip
                steps = [s if isinstance(s, dict) else step_to_json(s) for s in continuation or []]
                await self.cards.add(PendingCard(card, req.user_id, req.source, steps))
                await record.standalone(self.db, call, action_type, v.args_json,
                                        "awaiting_confirmation", started, "", card.card_id)  # fmt: skip
                yield ev.ConfirmationRequired(card)
                return
        async for event in self._invoke(req, call, fd, action_type, started, card_id, checked):
            yield event

    async def _unless_allowed(self, call: record.Call, action_type: str, args_json: str,
                              started: str, what: str) -> ev.Error | None:  # fmt: skip
        """None when `call.user_id`'s profile holds every scope the call needs (and the call
        takes the profile's tenant); else the refusal, recorded as a `denied` row naming the
        missing scope. Nothing of the extension runs either way."""
        try:
            profile = self.directory.profile(call.user_id)
        except authz.UnknownUser as exc:
            msg, missing = str(exc), []
        else:
            call.tenant_id = profile.tenant
            declared = authz.declared_scopes(self.catalog.extensions.get(call.app_id))
            needed = authz.needed_scopes(call.app_id, action_type, declared)
            missing = authz.missing_scopes(profile.scopes, needed)
            if not missing:
                return None
            msg = authz.denial_text(profile, what, missing)
        lid = await record.standalone(self.db, call, action_type, args_json, "denied", started,
                                      msg)  # fmt: skip
        return ev.Error(ev.FORBIDDEN, msg, {"ledger_id": lid, "missing_scopes": missing})

    def _scope(self, req: CallRequest, *, read_only: bool, tool_type: str = "chat_fn"):
        profile = self.directory.profile(req.user_id)  # authorized before: known
        scope = self.invoker.scope(
            user_id=req.user_id, tenant_id=profile.tenant, app_id=req.app_id,
            function=req.function, tool_type=tool_type, read_only=read_only, chain=req.chain,
            role=profile.role, scopes=profile.scopes,
        )  # fmt: skip
        if not read_only:

            async def notify(payload: dict[str, Any]) -> None:
                user = str(payload.get("user_id") or req.user_id)
                note = ev.Notification(req.app_id, str(payload.get("message", "")),
                                       str(payload.get("channel", "in_app")),
                                       str(payload.get("severity") or ""))  # fmt: skip
                self.publish(user, note)

            scope.notify = notify
        return scope

    async def _invoke(self, req, call, fd, action_type, started, card_id, checked):
        queue: asyncio.Queue = asyncio.Queue()
        flight = _Flight()
        scope = self._scope(req, read_only=False)

        async def progress(percent: float, message: str) -> None:
            queue.put_nowait(ev.Progress(req.step_id, percent, message))
            flight.progress = (percent, message)
            if flight.task_id:
                await self.tasks.update(flight.task_id, progress=percent, message=message[:500])

        async def chat_message(payload: dict[str, Any]) -> None:
            self.publish(req.user_id, ev.ProactiveMessage(req.app_id, str(payload.get("text", ""))))

        async def call_extension(app_id: str, function: str, args: dict) -> dict:
            return await self.call_nested(req, app_id, function, args)

        async def emit(event_type: str, data: dict) -> int:
            return await self.emit(req, event_type, data)

        scope.progress, scope.chat_message = progress, chat_message
        scope.call_extension, scope.emit = call_extension, emit

        async def background(params: dict) -> tuple:
            return await self._background(req, params, chat_message, call_extension)

        def validated(args_json: str) -> None:
            with contextlib.suppress(ValueError):
                args = json.loads(args_json)
                queue.put_nowait(ev.ActionStarted(req.step_id, req.app_id, req.function,
                                                  action_type, args))  # fmt: skip

        task = asyncio.ensure_future(
            self._complete(
                req,
                call,
                fd,
                action_type,
                started,
                card_id,
                checked,
                scope,
                validated,
                flight,
                background,
            )  # fmt: skip
        )
        task.add_done_callback(_retrieve)
        loop = asyncio.get_running_loop()
        promote_at = loop.time() + (0.0 if fd.background else self.promote_after)
        if not req.promotable:
            promote_at = float("inf")
        promoted = False
        try:
            while True:
                getter = asyncio.ensure_future(queue.get())
                wait = None if promoted else max(0.0, promote_at - loop.time())
                done, _ = await asyncio.wait({task, getter}, timeout=wait,
                                             return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
                if getter in done:
                    yield getter.result()
                    continue
                getter.cancel()
                if task in done:
                    break
                promoted = True
                await self._promote(req, task, flight)
                yield ev.TaskPromoted(flight.task_id, req.step_id, req.app_id, req.function,
                                      f"{req.app_id}.{req.function} goes on as task "
                                      f"{flight.task_id}; its result will follow.")  # fmt: skip
        finally:
            if not task.done():
                if promoted:
                    flight.detached = True  # the client left: the task goes on, reports later
                else:
                    task.cancel()  # nobody waits for it: stop it, commit nothing
        while not queue.empty():
            yield queue.get_nowait()
        if task.cancelled():  # a promoted call cancelled as a task: its follower hears so
            name = f"{req.app_id}.{req.function}"
            yield ev.ActionFinished(req.step_id, req.app_id, req.function, action_type,
                                    dict(req.args or {}), "cancelled",
                                    error=f"{name} was cancelled; nothing was changed.")  # fmt: skip
            return
        for event in task.result():
            yield event

    async def _promote(self, req: CallRequest, task: asyncio.Task, flight: _Flight) -> None:
        task_id = flight.task_id = "task_" + uuid.uuid4().hex[:10]
        self.running[task_id] = task
        task.add_done_callback(lambda _t: self.running.pop(task_id, None))
        await self.tasks.create(task_id=task_id, user_id=req.user_id, app_id=req.app_id,
                                function=req.function, name=f"{req.app_id}.{req.function}",
                                kind="call")  # fmt: skip
        if flight.progress is not None:  # what it reported before it was promoted
            percent, message = flight.progress
            await self.tasks.update(task_id, progress=percent, message=message[:500])
        if task.done():  # it finished while its row was being written: finish the row
            events = [] if task.cancelled() or task.exception() else task.result()
            finished = next((e for e in events if isinstance(e, ev.ActionFinished)), None)
            await self._finish_task(flight, finished.status if finished else "cancelled",
                                    finished.error if finished else "")  # fmt: skip

    async def cancel_task(self, user_id: str, task_id: str) -> bool:
        """Stop a running task of this user's: a promoted call, or a background task."""
        row = await self.tasks.get(task_id)
        if row is None or row.get("user_id") != user_id or row.get("status") != "running":
            return False
        task = self.running.get(task_id)
        if task is not None:
            task.cancel()
            await asyncio.wait({task})  # its outcome is its own; our caller's cancel still counts
            return True
        return self.invoker.host.stop_background(task_id)

    async def _background(self, req: CallRequest, params: dict, chat_message,
                          call_extension) -> tuple:  # fmt: skip
        """`ctx.background_task`: a task row, its own staged scope, and its cap."""
        name = str(params.get("name") or "background")[:100]
        long_running = bool(params.get("long_running"))
        task_id = "task_" + uuid.uuid4().hex[:10]
        scope = self._scope(req, read_only=False, tool_type="background")

        async def progress(percent: float, message: str) -> None:
            await self.tasks.update(task_id, progress=percent, message=message[:500])

        scope.progress, scope.chat_message = progress, chat_message
        scope.call_extension = call_extension
        await self.tasks.create(task_id=task_id, user_id=req.user_id, app_id=req.app_id,
                                function=req.function, name=name, kind="background")  # fmt: skip
        started = ledger.utcnow()
        call = record.Call(req.user_id, req.app_id, req.function, f"background:{name}",
                           req.step_id)  # fmt: skip
        args_json = canonical_json({"task": name, "task_id": task_id})

        async def on_rpc(service: str, method: str, p: dict) -> Any:
            return await self.invoker.rpc(scope, service, method, p)

        async def done(outcome: dict) -> None:
            status = str(outcome.get("status") or "error")
            error = str(outcome.get("error") or "")
            if status == "ok":
                try:
                    await record.with_writes(self.db, scope.store, call, "write", args_json,
                                             started)  # fmt: skip
                except Exception as exc:  # a conflict or a refused write: nothing committed
                    status, error = "error", f"not saved: {exc}"
            if status != "ok":
                status = status if status in ("cancelled", "timeout") else "error"
                await record.standalone(self.db, call, "write", args_json, status, started,
                                        f"background task {name!r} {error}")  # fmt: skip
            await self.tasks.update(task_id, status="error" if status == "timeout" else status,
                                    message=error[:500],
                                    progress=100.0 if status == "ok" else None)  # fmt: skip
            text = (f"Background task “{name}” finished." if status == "ok"
                    else f"Background task “{name}” {error}; nothing of it was saved.")  # fmt: skip
            self.publish(req.user_id, ev.ProactiveMessage(req.app_id, text))

        cap = self.invoker.long_cap if long_running else self.invoker.inline_cap
        return task_id, on_rpc, done, cap

    async def _complete(self, req, call, fd, action_type, started, card_id, checked, scope,
                        validated, flight: _Flight, background) -> list[Any]:  # fmt: skip
        name = f"{req.app_id}.{req.function}"
        try:
            inv = await self.invoker.run(scope, "fn", req.function, req.args,
                                         cap=self.invoker.cap_for(fd), on_validated=validated,
                                         on_background=background)  # fmt: skip
        except asyncio.CancelledError:
            msg = f"{name} was cancelled; nothing was changed."
            await asyncio.shield(self._finish_task(flight, "cancelled", msg))
            await asyncio.shield(record.standalone(self.db, call, action_type, checked.raw_json,
                                                   "cancelled", started, msg, card_id))  # fmt: skip
            raise
        # it ran: recording its outcome is short and finishes even if the caller is cancelled
        # now (the commit may already be on disk; the task row and the client must say so)
        recording = asyncio.ensure_future(
            self._record(req, call, name, action_type, started, card_id, checked, inv, flight)
        )
        try:
            return await asyncio.shield(recording)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await recording
            raise

    async def _record(self, req, call, name, action_type, started, card_id, checked, inv,
                      flight: _Flight) -> list[Any]:  # fmt: skip
        events = [e async for e in self._outcome(req, call, name, action_type, started, card_id,
                                                   checked, inv)]  # fmt: skip
        finished = next((e for e in events if isinstance(e, ev.ActionFinished)), None)
        status = finished.status if finished else "error"
        await self._finish_task(flight, status, finished.error if finished else "")
        if flight.detached:
            for event in events:
                self.publish(req.user_id, event)
        return events

    async def _finish_task(self, flight: _Flight, status: str, message: str) -> None:
        if flight.task_id:
            status = status if status in ("ok", "cancelled") else "error"
            await self.tasks.update(flight.task_id, status=status, message=message[:500],
                                    progress=100.0 if status == "ok" else None)  # fmt: skip

    async def _outcome(self, req, call, name, action_type, started, card_id, checked,
                       inv: Invoked):  # fmt: skip
        if inv.status != "returned":
            async for event in self._failed(call, name, action_type, checked.raw_json, started,
                                            inv, card_id, step=req.step_id):  # fmt: skip
                yield event
            return
        args_json = inv.args_json or checked.raw_json
        args = json.loads(args_json)
        result = inv.result if isinstance(inv.result, dict) else {}
        if result.get("status") != "success":
            inv.stage.discard()  # it reported an error: none of its writes stand
            msg = str(result.get("error") or "the function reported an error")
            code, retryable = error_code_of(result)
            lid = await record.standalone(self.db, call, action_type, args_json, "error",
                                          started, f"[{code}] {msg}" if code else msg,
                                          card_id)  # fmt: skip
            yield ev.ActionFinished(req.step_id, req.app_id, req.function, action_type, args,
                                    "error", str(result.get("summary", "")), result.get("data"),
                                    msg, lid, error_code=code, retryable=retryable)  # fmt: skip
            return
        try:
            lid = await record.with_writes(self.db, inv.stage, call, action_type, args_json,
                                           started, card_id)  # fmt: skip
        except Exception as exc:  # a version conflict, or the store refused: nothing committed
            from sdk.store import StoreConflict, StoreError

            if not isinstance(exc, StoreError):
                raise
            kind = "conflict" if isinstance(exc, StoreConflict) else "error"
            msg = (f"{name} was not saved: {exc}. Another change to the same document "
                   "committed first; nothing was changed." if kind == "conflict"
                   else f"{name} was not saved: {exc}; nothing was changed.")  # fmt: skip
            lid = await record.standalone(self.db, call, action_type, args_json, "error",
                                          started, msg, card_id)  # fmt: skip
            yield ev.ActionFinished(req.step_id, req.app_id, req.function, action_type, args,
                                    "error", "", None, msg, lid)  # fmt: skip
            return
        yield ev.ActionFinished(req.step_id, req.app_id, req.function, action_type, args, "ok",
                                str(result.get("summary", "")), result.get("data"), "", lid,
                                result.get("ui"))  # fmt: skip
        refresh = result.get("refresh_panels")
        if not (isinstance(refresh, list) and all(isinstance(p, str) for p in refresh)):
            refresh = None  # absent or malformed: refresh every panel of the app
        if action_type != "read" and refresh != []:
            invalidated = ev.PanelInvalidated(req.app_id, tuple(refresh) if refresh else None)
            self.publish(req.user_id, invalidated)
            yield invalidated
        await self._announce(req, result.get("data"))

    async def _announce(self, req: CallRequest, data: Any) -> None:
        """`@chat.function(event=...)`: a call that succeeded publishes its event, with the
        result's data as the payload, to every `@ext.on_event` handler of it (`emit`)."""
        fd = self.catalog.function(req.app_id, req.function)
        event_type = getattr(fd, "event", "") if fd is not None else ""
        if not event_type:
            return
        payload = data if isinstance(data, dict) else {} if data is None else {"value": data}
        try:
            await self.emit(req, event_type, payload)
        except RemoteError as exc:  # nested too deep: the call stands, its event is dropped
            log.warning("%s.%s: event %s not published: %s", req.app_id, req.function,
                        event_type, exc.message)  # fmt: skip

    async def _failed(self, call, name, action_type, raw_json, started, inv: Invoked,
                      card_id: str = "", step: str | None = None):  # fmt: skip
        """Report an invocation that did not return a result; its writes are dropped."""
        if inv.status == "invalid":
            msg = f"Invalid arguments for {name}: {inv.message}."
            lid = await record.standalone(self.db, call, action_type, raw_json, "error", started,
                                          msg, card_id)  # fmt: skip
            yield ev.Error(ev.INVALID_ARGS, msg, {"ledger_id": lid})
            return
        status, msg = _failure_text(name, inv)
        lid = await record.standalone(self.db, call, action_type, raw_json, status, started, msg,
                                      card_id)  # fmt: skip
        if inv.error_type == "LLMUnavailable":  # headless: exit 5, not a plain failure
            yield ev.Error(ev.NO_LLM, msg, {"ledger_id": lid})
        args = json.loads(raw_json) if raw_json.startswith("{") else {}
        yield ev.ActionFinished(step or call.step_id, call.app_id, call.function, action_type,
                                args, status, "", None, msg, lid)  # fmt: skip

    # --- ctx.extensions.call -------------------------------------------------------------
    async def call_nested(self, parent: CallRequest, app_id: str, function: str,
                          args: dict) -> dict[str, Any]:  # fmt: skip
        target = f"{app_id}.{function}"
        chain = _deeper(parent, "calls", target, app_id)
        if target in chain:
            stack = [*chain, target]
            raise RemoteError("CircularCallError", f"call cycle: {' -> '.join(stack)}",
                              {"call_stack": stack})  # fmt: skip
        req = CallRequest(parent.user_id, app_id, function, args if isinstance(args, dict) else {},
                          source=f"extension:{parent.app_id}", step_id=f"{parent.step_id}.x",
                          chain=chain, cards_allowed=False, promotable=False)  # fmt: skip
        out: dict[str, Any] = {"status": "error", "error": "no result"}
        async for event in self.run(req):
            if isinstance(event, ev.ActionFinished):
                out = {"status": "success" if event.ok else "error", "summary": event.summary,
                       "data": event.data, "error": event.error}  # fmt: skip
                if event.error_code:
                    out["error_code"] = event.error_code
                if event.retryable:
                    out["retryable"] = True
            elif isinstance(event, ev.Error):
                out = {"status": "error", "error": event.message, "code": event.code}
        return out

    # --- ctx.extensions.emit ---------------------------------------------------------------
    async def emit(self, parent: CallRequest, event_type: str, data: dict) -> int:
        """Run every `@ext.on_event(event_type)` handler, each as its own recorded action;
        the number that ran. A handler's writes commit with its ledger row, or not at all."""
        chain = _deeper(parent, "events", event_type, parent.app_id)
        ran = 0
        for app_id, manifest in list(self.catalog.extensions.items()):
            if event_type not in manifest.extras.get("events", ()):
                continue
            target = f"{app_id}.on_event:{event_type}"
            if target in chain:
                continue  # an event that would reach its own handler again: once is enough
            req = CallRequest(parent.user_id, app_id, f"on_event:{event_type}", {},
                              source=f"event:{parent.app_id}", step_id=f"{parent.step_id}.e",
                              chain=chain, cards_allowed=False)  # fmt: skip
            started = ledger.utcnow()
            call = record.Call(req.user_id, app_id, req.function, req.source, req.step_id)
            args_json = canonical_json({"event": event_type, "data": data})
            refused = await self._unless_allowed(call, "write", args_json, started,
                                                 f"{app_id} on_event {event_type}")  # fmt: skip
            if refused is not None:
                continue  # a handler writes: a user without APP.write does not reach it
            scope = self._scope(req, read_only=False, tool_type="event")

            async def call_extension(a: str, f: str, args: dict, r: CallRequest = req) -> dict:
                return await self.call_nested(r, a, f, args)

            async def nested_emit(t: str, d: dict, r: CallRequest = req) -> int:
                return await self.emit(r, t, d)

            scope.call_extension, scope.emit = call_extension, nested_emit
            payload = {"data": data, "user_id": parent.user_id, "tenant_id": scope.tenant_id}
            inv = await self.invoker.run(scope, "event", event_type, payload,
                                         cap=self.invoker.inline_cap)  # fmt: skip
            if inv.status == "returned":
                try:
                    await record.with_writes(self.db, inv.stage, call, "write", args_json, started)
                    ran += 1
                    self.publish(parent.user_id, ev.PanelInvalidated(app_id, None))
                    continue
                except Exception as exc:  # a conflict or refused write: nothing of it commits
                    inv = Invoked("raised", error_type=type(exc).__name__, message=str(exc))
            _, msg = _failure_text(f"{app_id} on_event {event_type}", inv)
            await record.standalone(self.db, call, "write", args_json, "error", started, msg)
        return ran

    # --- panels ----------------------------------------------------------------------------
    async def render(self, user_id: str, app_id: str, panel_id: str,
                     params: dict | None = None, *, kind: str = "panel") -> dict:  # fmt: skip
        """A panel's ui tree (or, with kind="tray", a tray item's answer), through the same
        path as a call: checked, authorized by policy, run read-only in its worker, and
        recorded (a `read` row, source `panel` or `tray`)."""
        from kernel import tray

        if kind not in ("panel", "tray"):
            raise ValueError(f"render: kind must be 'panel' or 'tray', not {kind!r}")
        manifest = self.catalog.extensions.get(app_id)
        title = f"{app_id}: {panel_id}"
        declared = manifest is not None and (
            tray.declares(manifest, panel_id) if kind == "tray"
            else any(p.panel_id == panel_id for p in manifest.panels)
        )  # fmt: skip
        if not declared:
            return _error_node(f"No {kind} {panel_id!r} in {app_id!r}.", f"Unknown {kind}")
        params = params if isinstance(params, dict) else {}
        started = ledger.utcnow()
        req = CallRequest(user_id, app_id, f"{kind}:{panel_id}", params, source=kind)
        call = record.Call(user_id, app_id, req.function, kind, kind)
        args_json = raw_args_json(params)
        refused = await self._unless_allowed(call, "read", args_json, started,
                                             f"{kind} {app_id}.{panel_id}")  # fmt: skip
        if refused is not None:
            return _error_node(refused.message, title)
        rule = self.policy.denied_by(app_id, req.function)
        if rule is not None:
            msg = f"{kind} {app_id}.{panel_id} is denied by policy (deny rule {rule!r})."
            await record.standalone(self.db, call, "read", args_json, "denied", started, msg)
            return _error_node(msg, title)
        scope = self._scope(req, read_only=True, tool_type=kind)
        inv = await self.invoker.run(scope, kind, panel_id, params,
                                     cap=self.invoker.inline_cap)  # fmt: skip
        result = inv.result
        if inv.status != "returned":
            status, msg = _failure_text(f"{kind} {app_id}.{panel_id}", inv)
            node = _error_node(msg[:600], title)
        elif isinstance(result, dict) and isinstance(result.get("ui"), dict):
            status, msg, node = "ok", "", result["ui"]
        elif isinstance(result, dict) and "type" in result:
            status, msg, node = "ok", "", result
        else:
            status = "error"
            msg = f"The {kind} returned {type(result).__name__}, not a ui node."
            node = _error_node(msg, title)
        await record.standalone(self.db, call, "read", args_json, status, started, msg)
        return node


def _deeper(parent: CallRequest, what: str, target: str, app_id: str) -> tuple[str, ...]:
    """The chain a call or event started from inside `parent` carries, within the depth limit."""
    chain = (*parent.chain, f"{parent.app_id}.{parent.function}")
    if len(chain) >= MAX_CALL_DEPTH:
        raise RemoteError("ExtensionError", f"{what} nest deeper than {MAX_CALL_DEPTH}: {target}",
                          {"app_id": app_id})  # fmt: skip
    return chain


def _retrieve(task: asyncio.Future) -> None:
    """A call nobody waits for any more (its client left) must not warn at exit."""
    if not task.cancelled() and task.exception() is not None:
        log.error("call task failed: %r", task.exception())


def _failure_text(name: str, inv: Invoked) -> tuple[str, str]:
    if inv.status == "timeout":
        return "timeout", f"{name} {inv.message}; nothing was changed."
    if inv.status == "crashed":
        return "error", f"{name} failed: {inv.message}; nothing was changed."
    kind = inv.error_type or "an error"
    said = inv.extra.get("kernel_message") if inv.extra else ""
    if said:  # the kernel refused something the handler asked for: say what
        return "error", f"{name} failed with {kind}: {said}; nothing was changed."
    if kind == "SystemExit":
        return "error", f"{name} called sys.exit(); the call failed and nothing was changed."
    if kind == "MemoryError":
        return "error", f"{name} ran out of memory (the worker's limit); nothing was changed."
    if kind == "BadResult":
        return "error", f"{name} failed with {kind}: {inv.message}; nothing was changed."
    where = inv.extra.get("where", "") if inv.extra else ""
    said = exception_text(kind, inv.message, where)
    return "error", f"{name} failed with {said}; nothing was changed."


def _error_node(message: str, title: str) -> dict:
    return {"type": "Error", "props": {"message": message, "title": title}}
