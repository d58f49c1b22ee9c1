"""`imperal-shell secrets set|list|delete|passphrase`: the user's side of the secrets store.

- `set [--user NAME] [--app APP] NAME` reads the value without echo from the terminal, or from
  stdin when it is not one (one line; a trailing newline is dropped), so a value never sits in
  shell history or `ps`. `--app` names an installed extension, whose declaration of NAME
  (`ext.secret`) decides where it lives: `scope="user"` per user (`--user`, default the
  profile in use), `scope="app"` one value for all users. Without `--app` the secret is the
  shell's own (its LLM API keys: `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`).
- `list` shows names, owners and whether a declared secret is set: never a value.
- `delete` removes one; `passphrase` locks the vault file with a passphrase (scrypt).
Values are stored in the OS keyring or the encrypted vault (`kernel.services.secrets`).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import re
import sys
from typing import Any

from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless.commands import is_tty, load_config, write
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.usage import UsageError

SHELL_APP = "imperal-shell"  # kernel.services.secrets_listing.SHELL_APP (imported lazily)

SHELL_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
ACTIONS = ("list", "set", "delete", "passphrase")


def add_parser(sub, subparser, add_user, add_output) -> None:
    """The `secrets` subcommand on the CLI's parser (helpers passed in from cli.py)."""
    cmd = subparser(
        sub,
        "secrets",
        help="store, list or delete secrets (values read without echo, never shown)",
        description="Secrets for extensions (--app APP: one the extension declared; its scope "
        "decides whether it is per user) or for the shell itself (OPENAI_API_KEY, "
        "ANTHROPIC_API_KEY). Values are read without echo from the terminal, or from stdin "
        "when it is not one, and never shown.",
    )
    actions = cmd.add_subparsers(title="actions", metavar="ACTION", dest="secrets_action")
    actions.required = True
    helps = {
        "list": "names, owners and whether each declared secret is set",
        "set": "store NAME (the value from the terminal without echo, or stdin)",
        "delete": "remove NAME",
        "passphrase": "lock the vault file with a passphrase (scrypt); "
        "IMPERAL_SHELL_VAULT_PASSPHRASE opens it unattended",
    }
    for action in ACTIONS:
        p = subparser(actions, action, help=helps[action], description=helps[action])
        if action in ("set", "delete"):
            p.add_argument("name", metavar="NAME", help="the secret's name")
        if action != "passphrase":
            p.add_argument("--app", metavar="APP", default=None,
                           help="the extension that declared it")  # fmt: skip
        add_user(p, default=argparse.SUPPRESS)
        add_output(p, confirms=False)
    cmd.set_defaults(command="secrets", name=None, app=None)


def run(args) -> int:
    return asyncio.run(_run(args))


def _service(config) -> Any:
    from kernel.services.secrets import SecretsService

    return SecretsService(config.data_dir, config.config_dir, on_value=lambda _v: None)


async def _run(args) -> int:
    from sdk.secrets.exceptions import SecretVaultUnavailable

    config = load_config()
    service = _service(config)
    try:
        if args.secrets_action == "list":
            return await _list(args, config, service)
        if args.secrets_action == "passphrase":
            return await _passphrase(args, service)
        if not args.name:
            raise UsageError(f"secrets {args.secrets_action} needs NAME")
        where = _where(args, config)
        if args.secrets_action == "delete":
            gone = await service.delete(*where)
            _report(args, where, "deleted" if gone else "not stored")
            return int(ExitCode.OK) if gone else int(ExitCode.ACTION_FAILED)
        value = _read_value(where[3])
        await service.set(*where, value)
        _report(args, where, f"stored in the {service.backend_name()} secrets store")
        if where[2] == SHELL_APP:
            diag.hint("a running kernel reads its keys at start: `imperal-shell kernel stop`")
        return int(ExitCode.OK)
    except SecretVaultUnavailable as exc:
        diag.error(str(exc))
        return int(ExitCode.ACTION_FAILED)


def _tenant(config, user: str) -> str:
    """The tenant the user's data lives in (kernel.authz); an unknown profile is refused."""
    from kernel.authz import UnknownUser

    try:
        return config.directory.profile(user).tenant
    except UnknownUser as exc:
        raise UsageError(str(exc)) from None


def _where(args, config) -> tuple[str, str, str, str]:
    """(tenant, user, app, name) of the secret named on the command line, or UsageError."""
    from kernel.services import secrets_listing

    name = args.name
    if args.app in (None, "", SHELL_APP):
        if not SHELL_NAME_RE.fullmatch(name):
            raise UsageError(f"{name!r} is not a secret name (letters, digits and _)")
        if name in secrets_listing.internal_names():
            raise UsageError(f"{name} is the kernel's own signing key; it is not managed here")
        return secrets_listing.shell_location(name)
    spec = _declaration(config, args.app, name)
    if spec.get("write_mode") == "extension" and args.secrets_action == "set":
        raise UsageError(
            f"{args.app} declares {name!r} with write_mode='extension': only the extension sets it"
        )
    return secrets_listing.location(spec, _tenant(config, args.user), args.user, args.app)


def _declaration(config, app_id: str, name: str) -> dict[str, Any]:
    extensions = {info.app_id: info for info in _extensions(config)}
    info = extensions.get(app_id)
    if info is None:
        known = ", ".join(sorted(extensions)) or "none"
        raise UsageError(f"no extension {app_id!r} is installed (installed: {known})")
    declared = {s.get("name"): s for s in info.secrets}
    if name not in declared:
        names = ", ".join(sorted(str(n) for n in declared)) or "none"
        raise UsageError(f"{app_id} declares no secret {name!r} (it declares: {names})")
    return declared[name]


def _extensions(config) -> list[Any]:
    from imperal_tui.headless.commands import _kernel

    with _kernel() as client:
        return list(client.extensions())


def _read_value(name: str) -> str:
    if is_tty(sys.stdin):
        value = getpass.getpass(f"{name} (input hidden): ")
    else:
        value = sys.stdin.readline()
        value = value[:-1] if value.endswith("\n") else value
        value = value[:-1] if value.endswith("\r") else value
    if not value:
        raise UsageError(f"{name}: no value given; nothing stored")
    if "\x00" in value:
        raise UsageError(f"{name}: the value contains a NUL character; nothing stored")
    return value


def _read_passphrase() -> str:
    from kernel.services.vault import PASSPHRASE_ENV, check_passphrase

    if not is_tty(sys.stdin):
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = getpass.getpass("new vault passphrase (input hidden): ")
        if getpass.getpass("again: ") != value:
            raise UsageError("the passphrases differ; the vault is unchanged")
    try:
        check_passphrase(value)
    except ValueError as exc:
        raise UsageError(f"{exc}; the vault is unchanged") from None
    diag.hint(f"set {PASSPHRASE_ENV} where the kernel runs unattended")
    return value


async def _passphrase(args, service) -> int:
    if service.backend_name() != "vault":
        raise UsageError("secrets are in the OS keyring here; the vault passphrase is not used")
    await service.set_passphrase(_read_passphrase())
    _report(args, None, "the vault is locked with the passphrase (scrypt)")
    return int(ExitCode.OK)


def _report(args, where: tuple[str, str, str, str] | None, what: str) -> None:
    if args.json:
        out: dict[str, Any] = {"ok": True, "result": what}
        if where is not None:
            out.update(app=where[2], user=where[1], name=where[3])
        write(json.dumps(out) + "\n")
        return
    label = "" if where is None else f"{_label(where)}: "
    write(f"{label}{what}\n")


def _label(where: tuple[str, str, str, str]) -> str:
    _tenant_id, user, app, name = where
    if app == SHELL_APP:
        return name
    return f"{app}.{name}" + (f" (user {user})" if user else " (all users)")


async def _list(args, config, service) -> int:
    from kernel.services import secrets_listing

    rows = secrets_listing.rows(
        await service.entries(),
        _extensions_or_none(config),
        user=args.user,
        tenant=_tenant(config, args.user),
        app=args.app,
    )
    backend = service.backend_name()
    if args.json:
        write(json.dumps({"backend": backend, "secrets": rows}, indent=2) + "\n")
        return int(ExitCode.OK)
    if not rows:
        write(f"no secrets ({backend} store)\n")
        return int(ExitCode.OK)
    write(f"{'APP':<16} {'NAME':<24} {'USER':<12} STATE\n")
    for r in rows:
        state = "set" if r["set"] else ("MISSING (required)" if r.get("required") else "not set")
        if not r["declared"]:
            state += ", not declared"
        user = r["user"] or ("-" if r["app"] == SHELL_APP else "(all)")
        write(f"{r['app']:<16} {r['name']:<24} {user:<12} {state}\n")
    write(f"({backend} store; values are never shown)\n")
    return int(ExitCode.OK)


def _extensions_or_none(config) -> list[Any]:
    try:
        return _extensions(config)
    except Exception as exc:  # list what is stored even when extensions cannot load
        diag.warning(f"extensions could not be listed ({type(exc).__name__}); stored names only")
        return []
