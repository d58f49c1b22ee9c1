"""The one chokepoint every side effect passes: guards, validation, authorization, the call
itself under a time cap, the ledger row, and the events that report it.

A handler's store writes and its ledger row commit in one transaction: a handler that raises
changes nothing, and nothing is reported done before its row is written.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kernel import events as ev
from kernel import ledger
from kernel.canonical import canonical_json, sha256_hex
from kernel.cards import CardStore, PendingCard, new_card_id
from kernel.context import TENANT, build_context
from kernel.results import normalise

log = logging.getLogger("kernel.executor")

ACTION_TYPES = ("read", "write", "destructive")
INLINE_CAP_S = 180.0
LONG_RUNNING_CAP_S = 1800.0
_PLACEHOLDER = re.compile(r"^<[A-Z][A-Z0-9_]*>$")


@dataclass
class CallRequest:
    user_id: str
    app_id: str
    function: str
    args: dict[str, Any]
    source: str = "chat"  # chat | ui | cli | resolver
    step_id: str = "s1"


def placeholder_paths(value: Any, path: str = "") -> list[str]:
    """JSON paths of `<PLACEHOLDER>` values an LLM left in instead of real data."""
    if isinstance(value, str):
        return [path or "<root>"] if _PLACEHOLDER.match(value.strip()) else []
    if isinstance(value, dict):
        return [
            p for k, v in value.items() for p in placeholder_paths(v, f"{path}.{k}" if path else k)
        ]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in placeholder_paths(v, f"{path}[{i}]")]
    return []


def describe_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ())) or "<root>"
        if err.get("type") == "missing":
            parts.append(f"{loc}: required")
        elif err.get("type") == "extra_forbidden":
            parts.append(f"{loc}: unknown argument")
        else:
            parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


class Executor:
    def __init__(
        self,
        db,
        catalog,
        cards: CardStore,
        *,
        confirm_policy: str = "destructive",
        deny: tuple[str, ...] = (),
    ):
        self.db = db
        self.catalog = catalog
        self.cards = cards
        self.confirm_policy = confirm_policy
        self.deny = deny

    def denied_by(self, app_id: str, function: str) -> str | None:
        """The policy entry that refuses this call, if any."""
        for entry in self.deny:
            app, _, fn = entry.partition(".")
            if app == app_id and fn in ("*", function):
                return entry
        return None

    def needs_card(self, action_type: str) -> bool:
        return action_type == "destructive" or (
            action_type == "write" and self.confirm_policy == "write"
        )

    @staticmethod
    def _entry(req: CallRequest, action_type: str, args_json: str, status: str, started: str,
               error: str = "", card_id: str = "") -> ledger.LedgerEntry:  # fmt: skip
        return ledger.LedgerEntry(
            user_id=req.user_id,
            tenant_id=TENANT,
            app_id=req.app_id,
            function=req.function,
            action_type=action_type,
            source=req.source,
            args_json=args_json,
            status=status,
            started_at=started,
            ended_at=ledger.utcnow(),
            error=error,
            card_id=card_id,
        )

    async def _record(self, req: CallRequest, *entry_args: str) -> int:
        """A row of its own, for outcomes that ran no handler (or whose writes rolled back)."""
        async with self.db.transaction() as conn:
            return await ledger.append(conn, self._entry(req, *entry_args))

    async def run(
        self,
        req: CallRequest,
        *,
        confirmed: PendingCard | None = None,
        continuation: list | None = None,
    ) -> AsyncIterator[ev.Event]:
        started = ledger.utcnow()
        name = f"{req.app_id}.{req.function}"
        fd = self.catalog.function(req.app_id, req.function)
        try:
            raw_json = canonical_json(req.args)
        except (TypeError, ValueError):
            raw_json = canonical_json({"unserialisable": repr(req.args)[:500]})
        if fd is None:
            msg = f"Unknown function {name}."
            known = [n for n in self.catalog.names() if n.startswith(req.app_id + ".")]
            if known:
                msg += f" {req.app_id} has: {', '.join(known)}."
            elif req.app_id not in self.catalog.extensions:
                msg += f" No extension {req.app_id!r} is loaded."
            lid = await self._record(req, "unknown", raw_json, "error", started, msg)
            yield ev.Error(ev.UNKNOWN_FUNCTION, msg, {"ledger_id": lid})
            return
        action_type = fd.action_type if fd.action_type in ACTION_TYPES else "write"

        # guards, then validation: bad input gets a clear error and runs nothing
        bad = placeholder_paths(req.args)
        problem = f"placeholder values instead of real data in: {', '.join(bad[:5])}" if bad else ""
        call_args: dict[str, Any] = {}
        args_json = raw_json
        model = fd._pydantic_model
        if not problem and not isinstance(req.args, dict):
            problem = "arguments must be a JSON object"
        if not problem:
            if model is not None:
                try:
                    validated = model.model_validate(req.args)
                except ValidationError as exc:
                    problem = describe_validation(exc)
                else:
                    unknown = sorted(set(req.args) - set(model.model_fields))
                    if unknown:
                        problem = f"unknown argument{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}"
                    else:
                        dumped = validated.model_dump(mode="json")
                        args_json = canonical_json(dumped)
                        call_args = {fd._pydantic_param: validated}
            else:
                call_args = dict(req.args)
        if problem:
            msg = f"Invalid arguments for {name}: {problem}."
            lid = await self._record(req, action_type, raw_json, "error", started, msg)
            yield ev.Error(ev.INVALID_ARGS, msg, {"ledger_id": lid})
            return
        args_shown = json.loads(args_json)

        # authorization: policy first, then the card, which shows the exact bytes that run
        rule = self.denied_by(req.app_id, req.function)
        if rule is not None:
            msg = f"{name} is denied by policy (deny rule {rule!r}); nothing ran."
            lid = await self._record(req, action_type, args_json, "denied", started, msg)
            yield ev.Error(ev.POLICY_DENIED, msg, {"ledger_id": lid})
            return
        if confirmed is not None:
            if sha256_hex(args_json) != confirmed.card.digest:
                msg = f"The arguments of {name} changed after the card was shown; nothing ran."
                lid = await self._record(
                    req, action_type, args_json, "error", started, msg, confirmed.card.card_id
                )
                yield ev.Error(ev.DIGEST_MISMATCH, msg, {"ledger_id": lid})
                return
        elif self.needs_card(action_type):
            card = ev.Card(
                card_id=new_card_id(),
                step_id=req.step_id,
                app_id=req.app_id,
                function=req.function,
                action_type=action_type,
                args_json=args_json,
                digest=sha256_hex(args_json),
                description=fd.description,
            )
            self.cards.add(PendingCard(card, req.user_id, req.source, list(continuation or [])))
            await self._record(
                req, action_type, args_json, "awaiting_confirmation", started, "", card.card_id
            )
            yield ev.ConfirmationRequired(card)
            return

        # the call, with its writes and its ledger row in one transaction
        yield ev.ActionStarted(req.step_id, req.app_id, req.function, action_type, args_shown)
        card_id = confirmed.card.card_id if confirmed else ""
        le = self.catalog.extensions[req.app_id]
        progress: asyncio.Queue = asyncio.Queue()
        outcome: dict[str, Any] = {}
        try:
            async with self.db.transaction() as conn:
                ctx = build_context(
                    self.db, user_id=req.user_id, app_id=req.app_id, ext=le.ext, tool_type="chat_fn"
                )

                async def report(percent: float, message: str = "") -> None:
                    await progress.put(ev.Progress(req.step_id, float(percent), message))

                ctx._progress_callback = report
                task = asyncio.ensure_future(_invoke(fd, ctx, call_args))
                cap = LONG_RUNNING_CAP_S if fd.long_running else INLINE_CAP_S
                async for item in _drain(task, progress, cap):
                    yield item
                result = normalise(task.result())
                if result.get("status") != "success":
                    outcome = result
                    raise _HandlerReportedError()
                _check_data_model(fd, result, name)
                entry = self._entry(req, action_type, args_json, "ok", started, "", card_id)
                lid = await ledger.append(conn, entry)
        except _HandlerReportedError:
            failure = ("error", str(outcome.get("error") or "the function reported an error"))
        except TimeoutError:
            failure = (
                "timeout",
                f"{name} did not finish within {int(cap)} s and was stopped; nothing was changed.",
            )
        except Exception as exc:  # the handler raised: report the class, never its traceback
            log.exception("handler %s raised", name)
            failure = ("error", f"{name} failed with {type(exc).__name__}; nothing was changed.")
        else:
            failure = None
        if failure is not None:
            status, msg = failure
            lid = await self._record(req, action_type, args_json, status, started, msg, card_id)
            yield ev.ActionFinished(
                req.step_id, req.app_id, req.function, action_type, args_shown, status,
                str(outcome.get("summary", "")), outcome.get("data"), msg, lid,
            )  # fmt: skip
            return
        yield ev.ActionFinished(
            req.step_id, req.app_id, req.function, action_type, args_shown, "ok",
            str(result.get("summary", "")), result.get("data"), "", lid, result.get("ui"),
        )  # fmt: skip
        refresh = result.get("refresh_panels")
        if action_type != "read" and refresh != []:
            yield ev.PanelInvalidated(req.app_id, tuple(refresh) if refresh else None)


class _HandlerReportedError(Exception):
    """The handler returned an error result: roll its writes back, then record it."""


async def _invoke(fd, ctx, call_args: dict[str, Any]) -> Any:
    if inspect.iscoroutinefunction(fd.func):
        return await fd.func(ctx, **call_args)
    result = fd.func(ctx, **call_args)
    if inspect.isawaitable(result):
        return await result
    return result


async def _drain(task: asyncio.Future, progress: asyncio.Queue, cap: float):
    """Yield progress events while the handler runs; cancel it past the cap."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + cap
    while True:
        getter = asyncio.ensure_future(progress.get())
        done, _ = await asyncio.wait(
            {task, getter},
            timeout=max(0.0, deadline - loop.time()),
            return_when=asyncio.FIRST_COMPLETED,
        )
        if getter in done:
            yield getter.result()
            continue
        getter.cancel()
        if task in done:
            while not progress.empty():
                yield progress.get_nowait()
            return
        task.cancel()
        raise TimeoutError


def _check_data_model(fd, result: dict[str, Any], name: str) -> None:
    """Warn-only, as the SDK documents: a mismatch is logged, the result still stands."""
    model = fd._return_model
    data = result.get("data")
    if model is None or not isinstance(data, dict):
        return
    try:
        model.model_validate(data)
    except ValidationError as exc:
        log.warning("data_model mismatch fn=%s model=%s: %s", name, model.__name__, str(exc)[:300])
