"""`imperal-shell audit verify|export|prune`, and `audit` with filters: the ledger read directly.

    audit verify [--json]                  check the chain, key and head: exit 0, or 1 naming
                                           the first bad or missing row (or a missing/edited
                                           head file, an unavailable key)
    audit export --jsonl [filters]         every matching row, oldest first, one JSON object
                                           a line (hashes included, to check elsewhere)
    audit [--limit N] [--json] [filters]   the newest matching rows
    audit prune [--json]                   apply retention now, through the kernel (it also
                                           does at start): expired rows blanked, chain intact;
                                           exit 1 when the ledger is not anchored (no key)
    filters: --user NAME --app APP --status STATUS --since ISO-TIME

These run without the kernel: the database is read through a read-only snapshot (a running
kernel goes on writing meanwhile) and the key comes from the secrets store. Bad arguments
exit 2.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from imperal_tui.headless import commands, render
from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.usage import UsageError
from imperal_tui.sanitize import json_safe
from kernel import anchor, ledger


def filtered(args) -> bool:
    """Whether `audit` was given a filter (then it reads here, not through the kernel)."""
    return any(
        getattr(args, f"filter_{n}", None) is not None for n in ("user", "app", "status", "since")
    )


def run(args) -> int:
    config = commands.load_config()
    if args.audit_action == "verify":
        return _verify(args, config)
    if args.audit_action == "prune":
        return _prune(args)
    filters = {
        column: value
        for column, value in (
            ("user_id", args.filter_user),
            ("app_id", args.filter_app),
            ("status", args.filter_status),
        )
        if value is not None
    }
    try:
        since = ledger.parse_since(args.filter_since) if args.filter_since is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.audit_action == "export":
        if not args.jsonl:
            raise UsageError("audit export needs --jsonl (the one format it writes)")
        for row in read_rows(config, filters, since, None):
            text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            commands.write(json_safe(text) + "\n")  # C1 controls, bidi overrides escaped
        return int(ExitCode.OK)
    if not 1 <= args.limit <= commands.MAX_AUDIT_LIMIT:
        raise UsageError(
            f"--limit must be between 1 and {commands.MAX_AUDIT_LIMIT}, got {args.limit}"
        )
    rows = list(read_rows(config, filters, since, args.limit))
    commands.write(render.audit_json(rows) + "\n" if args.json else render.audit_text(rows))
    return int(ExitCode.OK)


def read_rows(config, filters: dict[str, str], since: str | None, limit: int | None):
    """Ledger rows matching `filters` (ledger.FILTERS columns) and `since`, oldest first, from
    one read-only snapshot of the database (nothing when there is none yet)."""
    if not config.db_path.exists():
        return
    sql, params = ledger.select_sql(filters, since, limit)
    conn = sqlite3.connect(f"{config.db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("BEGIN")  # one snapshot
        for r in conn.execute(sql, params):
            yield dict(r)
    finally:
        conn.close()


def _verify(args, config) -> int:
    verdict = anchor.verify_file(config.db_path, config.data_dir, config.config_dir)
    reanchored = _reanchored(config) if verdict.ok else []
    if getattr(args, "json", False):
        body: dict[str, Any] = {
            "ok": verdict.ok,
            "rows": verdict.rows,
            "row": verdict.row,
            "reason": verdict.reason,
        }
        if reanchored:
            body["reanchored"] = reanchored
        commands.write(render.to_json(body) + "\n")
    elif verdict.ok:
        commands.write(f"ledger intact: {verdict.rows} rows\n")
    else:
        commands.write(f"ledger does not verify: {render.clean(verdict.reason)}\n")
    for event in reanchored:  # the chain holds, but its head was lost once: say so, always
        diag.warning(
            f"row {event['row']} ({event['ts']}): the ledger was re-anchored after row "
            f"{event['previous_rows']} because its {event['reason']}; rows removed before "
            "then could not be told from rows never written"
        )
    return int(ExitCode.OK if verdict.ok else ExitCode.ACTION_FAILED)


def _reanchored(config) -> list[dict[str, Any]]:
    """The anchor rows that record a lost or invalid head file (not the first anchoring of
    an old plain-hash ledger)."""
    found = []
    for row in read_rows(config, {"app_id": anchor.APP_ID}, None, None):
        if row.get("function") != anchor.FUNCTION:
            continue
        try:
            args = json.loads(row.get("args_json") or "{}")
        except ValueError:
            continue
        reason = str(args.get("reason", ""))
        if reason.startswith("head file"):
            found.append(
                {"row": row["id"], "ts": row["ts"], "reason": reason,
                 "previous_rows": args.get("previous_rows")}
            )  # fmt: skip
    return found


def _prune(args) -> int:
    """Retention through the kernel (it holds the ledger key and the one writer)."""
    with commands._kernel() as client:
        reply = client.request("prune_ledger", {})
    pruned = int(reply["pruned"])
    if not reply.get("anchored", True):
        diag.error(
            "the ledger is not anchored (its key could not be kept in the secrets store);"
            " nothing was pruned: `imperal-shell audit verify` says why"
        )
        return int(ExitCode.ACTION_FAILED)
    if args.json:
        commands.write(json.dumps({"ok": True, "pruned": pruned}) + "\n")
    else:
        commands.write(f"{pruned} expired ledger row{'s' if pruned != 1 else ''} pruned\n")
    return int(ExitCode.OK)
