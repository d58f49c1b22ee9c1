"""`imperal-shell`: the TUI with no subcommand, else one headless command per process.

Imports are lazy per subcommand: `--help`, `run` and `call` must not pay for Textual, rich or
an HTTP client, and never show a traceback.
"""

from __future__ import annotations

import argparse
import sys

PROG = "imperal-shell"
EXIT_CODES_HELP = """exit codes: 0 ok, 1 action failed, 2 usage (also a request that cannot be mapped),
3 confirmation needed and not granted, 4 denied by permission or policy, 5 no LLM provider
reachable, 6 timeout, 130 interrupted. IMPERAL_SHELL_HOME puts data and config in one dir."""


class _VersionAction(argparse.Action):
    """Looks the version up only when asked (importlib.metadata is not free)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, **kw):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version(PROG)
        except PackageNotFoundError:
            number = "unknown"
        sys.stdout.write(f"{PROG} {number}\n")
        parser.exit()


def _add_user(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        type=_profile_name,
        help="the profile to act as (default: your login name; config.toml [users])",
    )


def _profile_name(text: str) -> str:
    """A `--user` value: any name but those only the kernel uses (kernel.authz.reserved)."""
    from kernel.authz import reserved

    if reserved(text):
        raise argparse.ArgumentTypeError(f"{text!r} is reserved for the kernel")
    return text


def _add_output(parser: argparse.ArgumentParser, *, confirms: bool) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    if confirms:
        parser.add_argument(
            "--yes",
            action="store_true",
            help="confirm every confirmation card (destructive actions run)",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            metavar="SECONDS",
            default=None,
            help="give up after this long (exit 6)",
        )


def _add_audit_filters(parser: argparse.ArgumentParser) -> None:
    """`audit` and `audit export` filters (SUPPRESS on the subcommand keeps the parent's)."""
    sub = parser.prog.endswith("export")
    default = argparse.SUPPRESS if sub else None
    for flag, what in (("user", "NAME"), ("app", "APP"), ("status", "STATUS")):
        parser.add_argument(
            f"--{flag}", dest=f"filter_{flag}", metavar=what, default=default,
            help=f"only rows whose {flag} is {what}",
        )  # fmt: skip
    parser.add_argument(
        "--since", dest="filter_since", metavar="ISO-TIME", default=default,
        help="only rows written at or after this time (UTC when no offset)",
    )  # fmt: skip


def _subparser(sub, name: str, **kwargs) -> argparse.ArgumentParser:
    """A subcommand's parser; never accepts an abbreviated option (`--ye` is not `--yes`)."""
    return sub.add_parser(name, allow_abbrev=False, **kwargs)


class ShellParser(argparse.ArgumentParser):
    """argparse, with the arguments it quotes back in an error neutralised (an argument can
    carry escape sequences; they must not reach the terminal raw). Subcommands inherit it."""

    def error(self, message: str):
        from imperal_tui.sanitize import neutralise

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {neutralise(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ShellParser(
        prog=PROG,
        allow_abbrev=False,
        description="A terminal operating shell for AI. With no command, starts the TUI.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    _add_user(parser, default=None)
    parser.set_defaults(command=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = _subparser(
        sub,
        "run",
        help="route one request and run it, without the TUI",
        description="Route MESSAGE to extension calls and run them. `-` reads it from stdin. "
        '--plan runs a plan of steps instead (JSON: {"action_plans": [{"step_id", '
        '"app_id", "tool", "args", "depends_on"}, ...]}; see the README).',
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("message", nargs="*", metavar="MESSAGE", help="the request, or -")
    run.add_argument(
        "--plan",
        metavar="FILE",
        default=None,
        help="run the JSON plan in FILE (- reads stdin) instead of routing a MESSAGE",
    )
    run.add_argument(
        "--provider",
        metavar="NAME",
        help="the model for this request: ollama, openai (any OpenAI-compatible server),"
        " anthropic, offline, auto (default: [llm] in config.toml, else probed)",
    )
    run.add_argument("--model", metavar="MODEL", help="the model name for this request")
    run.add_argument(
        "--continue",
        dest="continue_last",
        action="store_true",
        help="join your last conversation (its earlier turns, and what “it” meant there)",
    )
    _add_output(run, confirms=True)
    _add_user(run, default=argparse.SUPPRESS)
    run.set_defaults(command="run")

    call = _subparser(
        sub,
        "call",
        help="run one typed call, no router",
        description="Call APP.FUNCTION with --args through the same gates as chat.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    call.add_argument("target", metavar="APP.FUNCTION", help="e.g. notes.list_notes")
    call.add_argument(
        "--args", metavar="JSON", help="arguments as a JSON object (- reads it from stdin)"
    )
    _add_output(call, confirms=True)
    _add_user(call, default=argparse.SUPPRESS)
    call.set_defaults(command="call")

    confirm = _subparser(
        sub,
        "confirm",
        help="confirm a pending card left by `run`/`call` (resident kernel)",
        description="Run exactly what card CARD_ID showed. --digest (at least 8 hex digits of "
        "the digest you read) makes sure it is the card you reviewed; without it, at a terminal, "
        "the card is shown and you type the start of its digest (no terminal: exit 2).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    confirm.add_argument("card_id", metavar="CARD_ID")
    confirm.add_argument("--digest", metavar="HEX", help="the digest shown on the card")
    confirm.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    _add_user(confirm, default=argparse.SUPPRESS)
    confirm.set_defaults(command="confirm", yes=False, timeout=None)

    deny = _subparser(
        sub, "deny", help="refuse a pending card; nothing runs, the refusal is recorded"
    )
    deny.add_argument("card_id", metavar="CARD_ID")
    deny.add_argument("--reason", default="", help="why (recorded in the ledger)")
    deny.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    _add_user(deny, default=argparse.SUPPRESS)
    deny.set_defaults(command="deny", yes=False, timeout=None)

    audit = _subparser(sub, "audit", help="print the latest audit ledger rows")
    audit.add_argument("--limit", type=int, default=50, metavar="N", help="rows (default 50)")
    _add_output(audit, confirms=False)
    audit.set_defaults(command="audit", audit_action=None)
    audit_sub = audit.add_subparsers(title="actions", metavar="ACTION")
    verify = _subparser(
        audit_sub, "verify", help="check the ledger's hash chain, key and head (exit 0 or 1)"
    )
    verify.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object"
    )
    verify.set_defaults(audit_action="verify")
    export = _subparser(audit_sub, "export", help="write matching ledger rows as JSON lines")
    export.add_argument("--jsonl", action="store_true", help="one JSON object a line (required)")
    export.set_defaults(audit_action="export")
    prune = _subparser(
        audit_sub, "prune", help="apply retention now: blank rows past their period (the chain "
        "still verifies; the kernel also does this at start)",
    )  # fmt: skip
    prune.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object"
    )
    prune.set_defaults(audit_action="prune")
    _add_audit_filters(audit)
    _add_audit_filters(export)

    exts = _subparser(sub, "extensions", help="list loaded extensions and load errors")
    _add_output(exts, confirms=False)
    exts.set_defaults(command="extensions")

    kern = _subparser(
        sub,
        "kernel",
        help="the resident kernel: status or stop",
        description="Headless commands hand work to a resident kernel per data dir; it exits "
        "after IMPERAL_SHELL_SERVER_IDLE seconds (default 600) without requests. "
        "IMPERAL_SHELL_SERVER=0 keeps every command in its own process.",
    )
    kern.add_argument("action", choices=("status", "stop"), help="what to do")
    _add_output(kern, confirms=False)
    kern.set_defaults(command="kernel")

    tasks = _subparser(
        sub,
        "tasks",
        help="running and recent tasks (long calls, background work); `tasks cancel ID`",
        description="List your running and recent tasks with their progress, or cancel one: "
        "a cancelled task commits nothing.",
    )
    tasks.add_argument("action", nargs="?", choices=("list", "cancel"), default="list")
    tasks.add_argument("task_id", nargs="?", metavar="TASK_ID", help="the task to cancel")
    tasks.add_argument("--limit", type=int, default=50, metavar="N", help="rows (default 50)")
    _add_output(tasks, confirms=False)
    _add_user(tasks, default=argparse.SUPPRESS)
    tasks.set_defaults(command="tasks")

    history = _subparser(
        sub,
        "history",
        help="your conversations: list, --search TEXT, or `history show ID`",
        description="List your conversations, newest first; --search TEXT lists the messages "
        "that contain every word of TEXT (a word also matches as a prefix); `history show ID` "
        "prints one conversation. `run --continue` joins the last one. Exit 1 when ID is not "
        "one of your conversations.",
    )
    history.add_argument("action", nargs="?", choices=("list", "show"), default="list")
    history.add_argument("conversation_id", nargs="?", metavar="ID", help="for `show`")
    history.add_argument("--search", metavar="TEXT", help="messages with every word of TEXT")
    history.add_argument("--limit", type=int, default=20, metavar="N", help="rows (default 20)")
    _add_output(history, confirms=False)
    _add_user(history, default=argparse.SUPPRESS)
    history.set_defaults(command="history")

    prov = _subparser(
        sub,
        "provider",
        help="the model in use and whether it answers; store or forget an API key",
        description="status: which provider the kernel picks (--provider/--model as for run) "
        "and whether it answers (exit 5 if not). set-key NAME reads the key from stdin "
        "(openai or anthropic, or OPENAI_API_KEY / ANTHROPIC_API_KEY) into the secrets store; "
        "forget-key NAME removes it.",
    )
    prov.add_argument("action", nargs="?", choices=("status", "set-key", "forget-key"),
                      default="status")  # fmt: skip
    prov.add_argument("name", nargs="?", metavar="NAME", help="the key (set-key, forget-key)")
    prov.add_argument("--provider", metavar="NAME", help="check this provider instead")
    prov.add_argument("--model", metavar="MODEL", help="check this model")
    _add_output(prov, confirms=False)
    prov.set_defaults(command="provider")

    from imperal_tui.headless import secrets_cmd

    secrets_cmd.add_parser(sub, _subparser, _add_user, _add_output)

    _add_devtools(sub)
    _add_web(sub)
    return parser


def _add_web(sub) -> None:
    """`token` (session tokens) and `web` (the TUI in a browser, which needs one)."""
    token = _subparser(sub, "token", help="session tokens for the browser TUI: create, list, "
                       "revoke, verify (stdin)")  # fmt: skip
    token.add_argument("action", choices=("create", "list", "revoke", "verify"))
    token.add_argument("token_id", nargs="?", metavar="ID", help="the token to revoke")
    token.add_argument("--ttl", default="8h", help="lifetime for create: 90s, 30m, 8h, 7d")
    _add_output(token, confirms=False)
    _add_user(token, default=argparse.SUPPRESS)
    token.set_defaults(command="token")
    web = _subparser(sub, "web", help="serve the TUI in a browser (needs a `token create`)")
    web.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8421, help="port (default 8421)")
    web.add_argument("--allow-remote", action="store_true",
                     help="allow a non-loopback --host (plain HTTP: put TLS in front)")  # fmt: skip
    web.set_defaults(command="web")


def _add_devtools(sub) -> None:
    """The extension author's commands: scaffold, validate, build, test, develop."""
    init = _subparser(sub, "init", help="scaffold a new extension that passes validate")
    init.add_argument("name", metavar="NAME", help="the extension's app id, e.g. my-notes")
    init.add_argument(
        "--template", choices=("chat", "panel", "skeleton"), default="chat", help="(default chat)"
    )
    init.add_argument("--dir", metavar="DIR", default=".", help="where to create NAME/ (default .)")
    init.set_defaults(command="init")

    validate = _subparser(sub, "validate", help="run the SDK validators on an extension")
    validate.add_argument("path", nargs="?", default=".", metavar="PATH", help="(default .)")
    validate.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    validate.set_defaults(command="validate")

    build = _subparser(sub, "build", help="write imperal.json (manifest schema v3)")
    build.add_argument("path", nargs="?", default=".", metavar="PATH", help="(default .)")
    build.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    build.set_defaults(command="build")

    test = _subparser(sub, "test", help="run an extension's own pytest suite against this SDK")
    test.add_argument("path", nargs="?", default=".", metavar="PATH", help="(default .)")
    test.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    test.set_defaults(command="test")

    dev = _subparser(sub, "dev", help="the TUI with PATH loaded, reloading it when files change")
    dev.add_argument("path", nargs="?", default=".", metavar="PATH", help="(default .)")
    _add_user(dev, default=argparse.SUPPRESS)
    dev.set_defaults(command="dev")


def default_user() -> str:
    import getpass

    try:
        return getpass.getuser() or "user"
    except Exception:  # no login name in this environment (a bare container)
        return "user"


def start_tui(args, *, no_terminal_hint: str = "", **tui_options) -> int:
    """Load the config and run the TUI, or a usage error when there is no terminal."""
    from imperal_tui.headless.commands import load_config
    from imperal_tui.headless.usage import UsageError

    config = load_config()
    if not (_is_tty(sys.stdin) and _is_tty(sys.stdout)):
        raise UsageError(
            no_terminal_hint
            or "the TUI needs a terminal; for scripts use `imperal-shell run MESSAGE`"
            " (see imperal-shell --help)"
        )
    from imperal_tui.app import run_tui

    return int(run_tui(config, args.user, **tui_options) or 0)


def _is_tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def dispatch(args) -> int:
    if args.command is None:
        return start_tui(args)
    if args.command == "provider":
        from imperal_tui.headless import provider_cmd

        return provider_cmd.run(args)
    if args.command == "secrets":
        from imperal_tui.headless import secrets_cmd

        return secrets_cmd.run(args)
    if args.command in DEVTOOLS:
        import importlib

        return importlib.import_module(f"imperal_tui.devtools.{args.command}_cmd").run(args)
    if args.command == "token":
        from imperal_tui.headless import token_cmd

        return token_cmd.run(args)
    if args.command == "web":
        from imperal_tui import web

        return web.run(args)
    if args.command == "history":
        from imperal_tui.headless import history_cmd

        return history_cmd.run(args)
    if args.command == "audit":
        from imperal_tui.headless import audit_cmd

        if args.audit_action is not None or audit_cmd.filtered(args):
            return audit_cmd.run(args)
    from imperal_tui.headless import commands

    handlers = {
        "run": commands.run,
        "call": commands.call,
        "audit": commands.audit,
        "extensions": commands.extensions,
        "kernel": commands.kernel,
        "tasks": commands.tasks,
        "confirm": commands.confirm,
        "deny": commands.deny,
    }
    return handlers[args.command](args)


DEVTOOLS = ("init", "validate", "build", "test", "dev")


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, bad flags (2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if getattr(args, "user", None) is None:
        args.user = default_user()
    try:
        return dispatch(args)
    except KeyboardInterrupt:
        _diag().error("interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as exc:
        from imperal_tui.headless.usage import UsageError

        diag = _diag()
        if isinstance(exc, UsageError):
            diag.error(str(exc))
            return 2
        if diag.debug_enabled():
            import traceback

            traceback.print_exc()
        diag.error(_one_line(exc) + "  (IMPERAL_SHELL_DEBUG=1 shows the traceback)")
        return 1


def _diag():
    from imperal_tui.headless import diagnostics

    return diagnostics


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _silence_stdout() -> None:
    """After a closed pipe (`| head`), keep Python from failing again while flushing at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
