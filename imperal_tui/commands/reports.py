"""`/history WORDS`, `/audit N`, `/ext list`: what the kernel knows, as chat notes (bare,
those commands open screens instead: commands/screens.py).

Each asks the kernel of the app's connection (reconnecting if it went away) and shows plain
text in the chat; a kernel that cannot answer gives an error line, never a crash."""

from __future__ import annotations

from typing import Any

from imperal_tui.headless.history_cmd import conversations_text, matches_text, shorten
from imperal_tui.headless.render import clean
from imperal_tui.widgets.chat import ErrorLine, NoteLine

AUDIT_ROWS = 10
MAX_AUDIT_ROWS = 200
HISTORY_ROWS = 10


async def _kernel(app: Any) -> Any:
    """The connected client, or None after saying why there is none."""
    await app.ready.wait()
    why = await app._ensure_connected()
    if why is not None:
        await app.chat.add(ErrorLine(f"The kernel is not running: {why}"))
        return None
    return app.client


async def _note(app: Any, text: str) -> None:
    await app.chat.add(NoteLine(text.rstrip("\n")))


async def history(app: Any, args: str) -> None:
    """Recent conversations, or with WORDS the messages that contain them."""
    client = await _kernel(app)
    if client is None:
        return
    query = args.strip()
    if query:
        answer = await client.history(app.user, search=query, limit=HISTORY_ROWS)
        await _note(
            app,
            f"messages matching {shorten(query, 40)!r}:\n" + matches_text(answer["matches"], query),
        )
    else:
        answer = await client.history(app.user, limit=HISTORY_ROWS)
        await _note(
            app,
            "recent conversations (imperal-shell history show ID reads one):\n"
            + conversations_text(answer["conversations"]),
        )


async def audit(app: Any, args: str) -> None:
    """`/audit [N]`: your last N ledger rows (default 10), in the kernel's order."""
    word = args.strip() or str(AUDIT_ROWS)
    if not word.isdigit() or not 1 <= int(word) <= MAX_AUDIT_ROWS:
        await app.chat.add(
            ErrorLine(f"/audit takes a number of rows from 1 to {MAX_AUDIT_ROWS}, got {word!r}")
        )
        return
    client = await _kernel(app)
    if client is None:
        return
    rows = await client.audit(limit=int(word), user_id=app.user)
    if not rows:
        await _note(app, "The ledger has no rows of yours yet.")
        return
    lines = [f"your last {len(rows)} ledger rows:"]
    for row in rows:
        when = str(row.get("ts", ""))[:19].replace("T", " ")
        call = f"{row.get('app_id', '')}.{row.get('function', '')}"
        line = f"#{row.get('id', '')}  {when}  {call}  {row.get('status', '')}"
        error = row.get("error")
        lines.append(clean(line + (f": {shorten(error, 60)}" if error else "")))
    await _note(app, "\n".join(lines))


async def extensions(app: Any, args: str) -> None:
    """`/ext list`: the loaded extensions and those that failed to load."""
    client = await _kernel(app)
    if client is None:
        return
    catalog = await client.catalog()
    lines = [f"extensions (model: {catalog['llm_mode']}):"]
    for info in catalog["extensions"]:
        count, panels = len(info.functions), len(info.panels)
        lines.append(
            f"{info.app_id} {info.version}  {info.display_name}: {count} function"
            f"{'' if count == 1 else 's'}, {panels} panel{'' if panels == 1 else 's'}"
        )
        names = ", ".join(f.name for f in info.functions)
        if names:
            lines.append("  " + names)
    if not catalog["extensions"]:
        lines.append("none loaded")
    await _note(app, clean("\n".join(lines)))
    for error in catalog["load_errors"]:
        await app.chat.add(
            NoteLine(clean(f"{error.name} was not loaded: {error.message}"), warning=True)
        )
