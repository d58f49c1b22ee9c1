"""`imperal-shell token`: session tokens for clients outside the private socket (`web`).

    token create [--user NAME] [--ttl 8h] [--json]   sign a token for NAME (default: you);
                                                     the token is printed once, on stdout
    token list [--json]                              id, user, created, expires, revoked,
                                                     state; never the token
    token revoke ID [--json]                         refuse it from now on (exit 1: no such id)
    token verify [--json]                            read a token on stdin: exit 0 and its
                                                     record when it would be accepted, 1 and
                                                     why not

Bad arguments (a malformed --ttl, user or id) exit 2 and change nothing. The logic is
kernel/tokens.py; this module reads arguments and prints.
"""

from __future__ import annotations

import json

from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless import render
from imperal_tui.headless.commands import load_config, write
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.usage import UsageError
from imperal_tui.headless.user_input import read_stdin
from kernel import tokens

ACTIONS = ("create", "list", "revoke", "verify")


def run(args) -> int:
    if args.action != "revoke" and args.token_id is not None:
        raise UsageError(f"token {args.action} takes no ID (only `token revoke ID` does)")
    config = load_config()
    return _HANDLERS[args.action](args, config)


def _create(args, config) -> int:
    try:
        ttl = tokens.parse_ttl(args.ttl)
        user = tokens.check_user(args.user)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _listed(config, user)
    key = tokens.signing_key(config.data_dir, config.config_dir, create=True)
    issued = tokens.issue(config.db_path, key, user, ttl)
    if args.json:
        write(render.to_json({**issued.record.as_json(), "token": issued.token}) + "\n")
    else:
        write(issued.token + "\n")
        record = issued.record
        diag.hint(
            f"token {record.id} for {record.user}, expires {tokens.iso(record.expires)}; "
            "it is shown only now (`token revoke ID` ends it)"
        )
    return int(ExitCode.OK)


def _list(args, config) -> int:
    rows = [r.as_json() for r in tokens.records(config.db_path)]
    if args.json:
        write(render.to_json({"tokens": rows}) + "\n")
        return int(ExitCode.OK)
    if not rows:
        write("no tokens (imperal-shell token create)\n")
        return int(ExitCode.OK)
    lines = [f"{'ID':16}  {'USER':16}  {'CREATED':20}  {'EXPIRES':20}  STATE"]
    for row in rows:
        state = row["state"] + (f" {row['revoked']}" if row["revoked"] else "")
        lines.append(
            f"{row['id']:16}  {render.clean(row['user']):16}  {row['created']:20}  "
            f"{row['expires']:20}  {state}"
        )
    write("\n".join(lines) + "\n")
    return int(ExitCode.OK)


def _revoke(args, config) -> int:
    if args.token_id is None:
        raise UsageError("token revoke needs ID (see `imperal-shell token list`)")
    try:
        tokens.check_id(args.token_id)
        record, changed = tokens.revoke(config.db_path, args.token_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except tokens.TokenNotFound as exc:
        diag.error(str(exc))
        return int(ExitCode.ACTION_FAILED)
    if args.json:
        write(render.to_json({**record.as_json(), "changed": changed}) + "\n")
    elif changed:
        write(f"revoked {record.id} ({render.clean(record.user)})\n")
    else:
        write(f"{record.id} was already revoked at {tokens.iso(record.revoked or 0)}\n")
    return int(ExitCode.OK)


def _verify(args, config) -> int:
    token = read_stdin("the token").strip()
    key = tokens.signing_key(config.data_dir, config.config_dir, create=False)
    try:
        if key is None:
            raise tokens.TokenRejected("no token was ever issued in this data dir (no key)")
        record = tokens.verify(config.db_path, key, token)
    except tokens.TokenRejected as exc:
        if args.json:
            write(json.dumps({"ok": False, "reason": str(exc)}) + "\n")
        diag.error(str(exc))
        return int(ExitCode.ACTION_FAILED)
    if args.json:
        write(render.to_json({"ok": True, **record.as_json()}) + "\n")
    else:
        write(f"valid: {record.id} for {render.clean(record.user)} until "
              f"{tokens.iso(record.expires)}\n")  # fmt: skip
    return int(ExitCode.OK)


_HANDLERS = {"create": _create, "list": _list, "revoke": _revoke, "verify": _verify}


def _listed(config, user: str) -> None:
    """A token is only for a profile that may act (kernel.authz): an unlisted user, or the
    system profile, gets none."""
    from kernel.authz import UnknownUser, reserved

    if reserved(user):
        raise UsageError(f"{user!r} is reserved for the kernel; no token is issued for it")
    try:
        config.directory.profile(user)
    except UnknownUser as exc:
        raise UsageError(f"{exc}; no token was issued") from None
