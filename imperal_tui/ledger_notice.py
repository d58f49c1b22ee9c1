"""The kernel's start-up ledger check, shown where the person looks: a warning in the banner
and one line in the chat when the ledger does not verify (`imperal-shell audit verify` says
which row)."""

from __future__ import annotations

from typing import Any


async def warn_if_ledger_broken(app: Any, client: Any) -> str:
    """Ask the kernel (it waits briefly for its check); warn when the ledger is broken.
    Returns the state ("ok", "checking", or the reason)."""
    from imperal_tui.sanitize import neutralise
    from imperal_tui.widgets.chat import NoteLine

    try:
        state = await client.ledger_status()
    except Exception:  # an older kernel, or the connection went: nothing to say
        state = "unknown"
    app.ledger_state = state
    if state in ("ok", "checking", "unknown"):
        return state
    reason = neutralise(state)
    app.banner.set_notice(f"ledger does not verify: {reason}")
    await app.chat.add(
        NoteLine(
            f"The audit ledger does not verify: {reason}. Run `imperal-shell audit verify`.",
            warning=True,
        )
    )
    return state
