"""`/provider`: which model answers this window's requests, and switching it."""

from __future__ import annotations

from typing import Any

from imperal_tui.widgets.chat import ErrorLine, NoteLine


async def provider_command(app: Any, args: str) -> None:
    """`/provider` shows the model in use; `/provider NAME [MODEL]` uses another for the
    requests of this window; `/provider default` goes back to the kernel's."""
    from kernel.config import ConfigError
    from kernel.llm.select import provider_name

    words = args.split()
    if not words:
        override = app.turn_llm
        which = f"{override[0]} {override[1]}".strip() if override else app.llm_mode
        await app.chat.add(NoteLine(
            f"model: {which}. /provider NAME [MODEL] switches (ollama, openai, anthropic,"
            " offline, auto); /provider default goes back to the kernel's."
        ))  # fmt: skip
        return
    if words[0] == "default":
        app.turn_llm = None
        app.banner.set_override("")
        await app.chat.add(NoteLine("model: back to the kernel's"))
        return
    try:
        name = provider_name(words[0], "/provider") or "auto"
    except ConfigError as exc:
        await app.chat.add(ErrorLine(str(exc)))
        return
    model = words[1] if len(words) > 1 else ""
    app.turn_llm = (name, model)
    app.banner.set_override(f"{name} {model}".strip())
    await app.chat.add(NoteLine(f"model for this window: {name} {model}".strip()))
