"""The headless subcommands: `run`, `call`, `confirm`, `deny`, `audit`, `extensions`, `kernel`.

Each takes parsed arguments, talks to the kernel through its blocking client (the resident
kernel, started when none is up; a kernel in this process with IMPERAL_SHELL_SERVER=0), prints
data on stdout and returns an exit code. Ctrl+C and `--timeout` cancel the running turn in the
kernel: what had not committed never will.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless import render
from imperal_tui.headless.deadline import CommandTimeout, deadline
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.outcome import Outcome
from imperal_tui.headless.usage import UsageError
from imperal_tui.headless.user_input import check_text, check_timeout, load_json, read_stdin
from kernel import events as ev

MAX_CONFIRM_ROUNDS = 20  # a plan's cards come one after another; never loop for ever
MAX_AUDIT_LIMIT = 100_000


def load_config():
    """The configuration, with its data dir made private (a warning says what was fixed); a
    data dir another user owns is a usage error."""
    from kernel.config import ConfigError, KernelConfig
    from kernel.private_paths import NotOurs, describe_fixes, make_private

    try:
        config = KernelConfig.load()
    except ConfigError as exc:
        raise UsageError(f"configuration: {exc}") from None
    try:
        fixes = make_private(config.data_dir)
    except NotOurs as exc:
        raise UsageError(f"the data dir is not yours: {exc}") from None
    if fixes:
        diag.warning(describe_fixes(fixes))
    return config


def open_kernel(config):
    from kernel.client import open_client

    return open_client(config)


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --- run / call ----------------------------------------------------------------------------
def read_message(words: list[str]) -> str:
    """The request: the words given, or stdin when the only word is `-` (valid UTF-8 only)."""
    text = read_stdin("the message") if words == ["-"] else " ".join(words)
    message = check_text(text, "the message").strip()
    if not message:
        raise UsageError("the message is empty; give a request, or `-` to read it from stdin")
    return message


def parse_target(target: str) -> tuple[str, str]:
    app_id, dot, function = check_text(target, "APP.FUNCTION").rpartition(".")
    if not dot or not app_id or not function:
        raise UsageError(f"expected APP.FUNCTION (e.g. notes.list_notes), got {target!r}")
    return app_id, function


def parse_call_args(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    if text == "-":
        text = read_stdin("--args")
    value = load_json(text, "--args")
    if not isinstance(value, dict):
        raise UsageError(
            f"--args must be a JSON object like '{{\"limit\": 5}}', not {type(value).__name__}"
        )
    return value


def read_plan(source: str) -> Any:
    """`--plan FILE|-`: the plan's JSON value (checked as a plan by the kernel)."""
    try:
        text = read_stdin("the plan") if source == "-" else Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the plan {source!r}: {exc}") from None
    if not text.strip():
        raise UsageError("the plan is empty; give a JSON plan (see `imperal-shell run --help`)")
    return load_json(text, "the plan")


def run(args) -> int:
    if getattr(args, "plan", None) is not None:
        if args.message:
            raise UsageError("give a MESSAGE or --plan, not both; nothing ran")
        if getattr(args, "provider", None) or getattr(args, "model", None):
            raise UsageError("--provider/--model pick a model for a MESSAGE; a --plan uses none")
        plan = read_plan(args.plan)
        return _execute(args, lambda client: client.run_plan(args.user, plan))
    message = read_message(args.message)
    provider, model = llm_overrides(args)
    return _execute(
        args,
        lambda client: client.send(
            args.user, message, provider=provider, model=model, continue_last=args.continue_last
        ),
    )


def llm_overrides(args) -> tuple[str | None, str | None]:
    """`--provider`/`--model`: checked here, so a typo is a usage error before any request."""
    from kernel.config import ConfigError
    from kernel.llm.select import provider_name

    provider = getattr(args, "provider", None)
    try:
        name = provider_name(provider, "--provider") if provider else None
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    model = getattr(args, "model", None) or None
    if provider and name is None:
        name = "auto"
    return name, model


def call(args) -> int:
    app_id, function = parse_target(args.target)
    call_args = parse_call_args(args.args)
    return _execute(
        args, lambda client: client.call(args.user, app_id, function, call_args, source="cli")
    )


def confirm(args) -> int:
    """Answer a card a previous command left pending. Without --digest, only at a terminal:
    show the card and run it only if the person types the start of its digest."""
    if args.digest is None and not is_tty(sys.stdin):
        raise UsageError(
            "confirm needs --digest HEX (at least 8 hex digits of the digest shown on the card)"
            " when stdin is not a terminal; nothing ran"
        )

    def produce(client) -> Iterable[ev.Event]:
        if args.digest is not None:
            return client.confirm(args.user, args.card_id, args.digest)
        card = next((c for c in client.pending_cards(args.user) if c.card_id == args.card_id), None)
        if card is None:
            return [
                ev.Error(ev.CARD_NOT_FOUND, f"No pending card {args.card_id!r} for {args.user}.")
            ]
        if not ask_digest(card):
            return [ev.ConfirmationRequired(card)]  # shown, not granted: exit 3, still pending
        return client.confirm(args.user, card.card_id, card.digest)

    return _execute(args, produce)


CONFIRM_PREFIX = 8


def ask_digest(card: ev.Card) -> bool:
    """Show the card on the terminal; True only if the person types the digest's start."""
    sys.stderr.write(render.card_text(card) + "\n\n")
    sys.stderr.write(
        f"Type the first {CONFIRM_PREFIX} characters of the digest to run it"
        " (anything else leaves it pending): "
    )
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return len(answer) >= CONFIRM_PREFIX and card.digest.startswith(answer)


def is_tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def deny(args) -> int:
    reason = check_text(args.reason, "--reason")
    return _execute(
        args,
        lambda client: client.deny(args.user, args.card_id, reason),
        denial_requested=True,
    )


def _execute(
    args, produce: Callable[[Any], Iterable[ev.Event]], *, denial_requested: bool = False
) -> int:
    check_timeout(args.timeout)
    config = load_config()
    outcome = Outcome(denial_requested=denial_requested)
    client = None
    try:
        with deadline(args.timeout):
            client = open_kernel(config)
            outcome.extend(live(produce(client), outcome, as_json=args.json))
            if args.yes:
                confirm_pending(client, args.user, outcome)
    except CommandTimeout as exc:
        outcome.errors.append(ev.Error("timeout", f"{exc}; the call was cancelled"))
        outcome.extra_codes.append(ExitCode.TIMEOUT)
        salvage(client, outcome)
    except KeyboardInterrupt:
        outcome.errors.append(ev.Error("interrupted", "interrupted; the call was cancelled"))
        outcome.extra_codes.append(ExitCode.INTERRUPTED)
        salvage(client, outcome)
    except Exception as exc:  # the kernel went away or broke: report it like any error
        if diag.debug_enabled():
            traceback.print_exc()
        outcome.errors.append(ev.Error(ev.INTERNAL, describe_exception(exc)))
    finally:
        if client is not None:
            close_quietly(client)
    report(outcome, as_json=args.json)
    return int(outcome.exit_code)


def live(events: Iterable[ev.Event], outcome: Outcome, *, as_json: bool) -> Iterable[ev.Event]:
    """Pass events on, writing the reply to stdout as it streams (not with --json: one JSON
    envelope at the end) and a kernel notice as one stderr line when it comes."""
    for event in events:
        if isinstance(event, ev.TextDelta) and not as_json and event.text:
            sys.stdout.write(render.clean(event.text))
            sys.stdout.flush()
            outcome.reply_shown = True
        elif isinstance(event, ev.Notice):
            diag.warning(event.message)
        yield event
    if outcome.reply_shown and not outcome.reply.endswith("\n"):
        sys.stdout.write("\n")


def salvage(client, outcome: Outcome) -> None:
    """Cancel the turn in the kernel and keep what it still reports (a step that committed
    just before the cancel arrived shows up here, so the output never hides it)."""
    if client is None:
        return
    try:
        outcome.extend(client.abort())
    except Exception as exc:
        diag.warning(f"cancelling in the kernel: {describe_exception(exc)}")


def confirm_pending(client, user: str, outcome: Outcome) -> None:
    """`--yes`: accept every card, including the ones a confirmed step leads to."""
    tried: set[str] = set()
    for _ in range(MAX_CONFIRM_ROUNDS):
        todo = [card for card in outcome.pending if card.card_id not in tried]
        if not todo:
            return
        for card in todo:
            tried.add(card.card_id)
            outcome.extend(client.confirm(user, card.card_id))


def report(outcome: Outcome, *, as_json: bool) -> None:
    write(
        render.to_json(render.envelope(outcome)) + "\n" if as_json else render.outcome_text(outcome)
    )
    for error in outcome.errors:
        diag.error(error.message)
        suggestions = error.details.get("suggestions") if error.details else None
        if suggestions:
            diag.hint("try: " + "; ".join(str(s) for s in suggestions))
    for step in outcome.steps:
        if step.status not in ("ok",):
            diag.error(render.step_problem(step))
    for card in outcome.pending:
        diag.error(
            f"not run: {card.app_id}.{card.function} is {card.action_type} and needs"
            f" confirmation (card {card.card_id}, digest {card.short_digest}); rerun with --yes,"
            f" or `imperal-shell confirm {card.card_id} --digest {card.short_digest}`"
        )


# --- audit / extensions --------------------------------------------------------------------
def audit(args) -> int:
    if not 1 <= args.limit <= MAX_AUDIT_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_AUDIT_LIMIT}, got {args.limit}")
    with _kernel() as client:
        rows = client.audit(limit=args.limit)
    write(render.audit_json(rows) + "\n" if args.json else render.audit_text(rows))
    return int(ExitCode.OK)


def extensions(args) -> int:
    with _kernel() as client:
        infos = client.extensions()
        errors = client.load_errors
        llm_mode = client.llm_mode
    if args.json:
        write(render.to_json(render.extensions_dict(infos, errors, llm_mode)) + "\n")
    else:
        write(render.extensions_text(infos, errors))
    for error in errors:
        diag.warning(f"extension {error.name!r} did not load: {error.message}")
    return int(ExitCode.OK)


def kernel(args) -> int:
    """`kernel status|stop`: the resident kernel of this data dir, if one is up."""
    from kernel.client import KernelUnavailable, connect
    from kernel.endpoint import socket_path

    config = load_config()
    try:
        remote = connect(config, probe=True)  # a stale kernel is reported, not made to exit
    except KernelUnavailable:
        remote = None
    info = {"running": remote is not None, "socket": str(socket_path(config))}
    if remote is not None:
        info["pid"] = remote.pid
        info["stale"] = remote.stale
        if args.action == "stop":
            remote.shutdown()
            info["stopped"] = True
        elif not remote.stale:
            info.update({k: v for k, v in remote.status().items() if k != "pid"})
        remote.close()
    if args.json:
        write(render.to_json(info) + "\n")
    elif remote is None:
        write("no resident kernel is running for this data dir\n")
    elif args.action == "stop":
        write(f"stopped the resident kernel (pid {remote.pid})\n")
    else:
        stale = " (stale: started from other code or policy; the next command replaces it)"
        write(
            f"resident kernel running: pid {remote.pid}, socket {info['socket']}"
            f"{stale if remote.stale else ''}\n"
        )
        if "workers" in info:
            workers = ", ".join(
                f"{app} {w['busy']} busy/{w['idle']} idle" for app, w in info["workers"].items()
            )
            write(
                f"clients {info['clients']}, running tasks {info['running_tasks']}, "
                f"workers: {workers or 'none'}\n"
            )
        if info.get("ledger"):
            write(f"ledger: {render.clean(info['ledger'])}\n")
    if info.get("ledger") not in (None, "ok", "checking"):
        diag.warning(f"the ledger does not verify: {render.clean(info['ledger'])}")
    return int(ExitCode.OK)


def tasks(args) -> int:
    """`tasks [list]` shows this user's tasks; `tasks cancel ID` stops one (exit 1 if it could
    not: unknown, finished, or someone else's)."""
    if args.action == "cancel":
        if not args.task_id:
            raise UsageError("tasks cancel needs a TASK_ID (see `imperal-shell tasks`)")
        with _kernel() as client:
            cancelled = client.cancel_task(args.user, args.task_id)
        if args.json:
            write(render.to_json({"task_id": args.task_id, "cancelled": cancelled}) + "\n")
        elif cancelled:
            write(f"cancelled {args.task_id}; nothing of it was committed\n")
        else:
            diag.error(f"no running task {args.task_id!r} of {args.user} to cancel")
        return int(ExitCode.OK if cancelled else ExitCode.ACTION_FAILED)
    if args.task_id:
        raise UsageError(
            f"unexpected {args.task_id!r}: did you mean `tasks cancel {args.task_id}`?"
        )
    if not 1 <= args.limit <= MAX_AUDIT_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_AUDIT_LIMIT}, got {args.limit}")
    with _kernel() as client:
        rows = client.tasks(args.user)[: args.limit]
    write(render.to_json({"tasks": rows}) + "\n" if args.json else render.tasks_text(rows))
    return int(ExitCode.OK)


class _kernel:
    """A kernel client for the length of a `with` block."""

    def __enter__(self):
        self.client = open_kernel(load_config())
        return self.client

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, KeyboardInterrupt):
            close_quietly(self.client)


def close_quietly(client) -> None:
    try:
        client.close()
    except Exception as exc:
        diag.warning(f"closing the kernel: {describe_exception(exc)}")


def describe_exception(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
