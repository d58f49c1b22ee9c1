"""`imperal-shell history`: your conversations, a search through them, or one of them.

    history [--search TEXT] [--limit N] [--json]    newest first / matching messages
    history show ID [--json]                        one conversation, every message

Exit codes: 0 (also when nothing matches), 1 when `show` names no conversation of yours
(unknown, or another user's: the two look the same), 2 for bad arguments. Text fits 80
columns; `--json` prints the kernel's answer as it is.
"""

from __future__ import annotations

import textwrap
import time
from typing import Any

from imperal_tui.headless import commands
from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.render import clean, table, to_json
from imperal_tui.headless.usage import UsageError
from kernel.history import MAX_LIMIT

WIDTH = 80
SPEAKERS = {"user": "you", "assistant": "shell", "tool": "tool"}
HEAD = ("ID", "UPDATED", "MSGS", "TITLE")


def run(args) -> int:
    if args.action == "show":
        if not args.conversation_id:
            raise UsageError("history show needs an ID (see `imperal-shell history`)")
        if args.search is not None:
            raise UsageError("--search lists matching messages; it does not go with `show`")
    elif args.conversation_id:
        raise UsageError(
            f"unexpected {args.conversation_id!r}: did you mean"
            f" `history show {args.conversation_id}`?"
        )
    if not 1 <= args.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_LIMIT}, got {args.limit}")
    if args.search is not None and not args.search.strip():
        raise UsageError("--search needs some text to look for")
    client = commands.open_kernel(commands.load_config())
    try:
        answer = client.history(
            args.user,
            search=args.search,
            conversation_id=args.conversation_id if args.action == "show" else None,
            limit=args.limit,
        )
    finally:
        commands.close_quietly(client)
    if args.action == "show" and answer.get("conversation") is None:
        if args.json:
            commands.write(to_json(answer) + "\n")
        diag.error(
            f"{args.user} has no conversation {args.conversation_id!r}"
            " (`imperal-shell history` lists them)"
        )
        return int(ExitCode.ACTION_FAILED)
    if args.json:
        commands.write(to_json(answer) + "\n")
    elif args.action == "show":
        commands.write(conversation_text(answer["conversation"]))
    elif args.search is not None:
        commands.write(matches_text(answer["matches"], args.search))
    else:
        commands.write(conversations_text(answer["conversations"]))
    return int(ExitCode.OK)


# --- text -----------------------------------------------------------------------------------
def when(ts: Any) -> str:
    """Local time, to the minute."""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(float(ts)))
    except (TypeError, ValueError, OverflowError, OSError):
        return "?"


def shorten(text: Any, width: int) -> str:
    flat = " ".join(clean(str(text)).split())
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


def conversations_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No conversations yet.\n"
    cells = [[clean(r["id"]), when(r["updated_at"]), str(r["messages"])] for r in rows]
    used = sum(max(len(h), *(len(c[i]) for c in cells)) + 2 for i, h in enumerate(HEAD[:3]))
    for cells_of, row in zip(cells, rows, strict=True):
        cells_of.append(shorten(row["title"] or "(untitled)", WIDTH - used))
    return table(list(HEAD), cells)


def matches_text(rows: list[dict[str, Any]], query: str) -> str:
    if not rows:
        return f"No messages match {shorten(query, 60)!r}.\n"
    lines = []
    for r in rows:
        head = f"{clean(r['conversation_id'])}  {when(r['created_at'])}  "
        head += f"{SPEAKERS.get(r['role'], r['role'])}  "
        lines.append(head + shorten(r["title"], WIDTH - len(head)))
        lines.append("  " + shorten(r["snippet"], WIDTH - 2))
    return "\n".join(lines) + "\n"


def conversation_text(conv: dict[str, Any]) -> str:
    head = f"{clean(conv['id'])}  "
    count = len(conv["messages"])
    lines = [
        head + shorten(conv["title"] or "(untitled)", WIDTH - len(head)),
        f"started {when(conv['created_at'])}, {count} message{'' if count == 1 else 's'}",
    ]
    for msg in conv["messages"]:
        stamp = when(msg["created_at"])[11:]
        lines += ["", f"{SPEAKERS.get(msg['role'], clean(msg['role']))} ({stamp})"]
        for line in clean_lines(msg["content"]):
            lines += textwrap.wrap(
                line, WIDTH, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
            ) or [""]
    return "\n".join(lines) + "\n"


def clean_lines(text: str) -> list[str]:
    """The message's lines with control characters (escape sequences) removed."""
    return [clean(line) for line in str(text).splitlines()] or [""]
