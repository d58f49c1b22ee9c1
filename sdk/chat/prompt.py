"""Building a chat function-calling loop's prompt: system text, history window, language."""

from __future__ import annotations

from typing import Any

ICNLI_INTEGRITY_RULES = (
    "Use only the functions you are given and the data they return. Do not invent ids, "
    "results or confirmations; if something is missing, ask the user."
)

__all__ = ["ICNLI_INTEGRITY_RULES", "build_messages", "build_system_prompt", "inject_language"]


def build_messages(
    history: list[dict[str, Any]], message: str, context_window: int = 20, keep_recent: int = 6
) -> list[dict[str, Any]]:
    """The last `context_window` history messages (at least `keep_recent`), then the user's."""
    window = max(int(context_window), int(keep_recent), 0)
    recent = list(history or [])[-window:] if window else []
    return [*recent, {"role": "user", "content": message}]


def build_system_prompt(base_prompt: str, ctx: Any, tool_name: str) -> str:
    parts = [base_prompt.strip()] if base_prompt and base_prompt.strip() else []
    user = getattr(ctx, "user", None)
    clock = getattr(ctx, "time", None)
    facts = [f"Tool: {tool_name}"]
    if user is not None:
        facts.append(f"User: {getattr(user, 'imperal_id', '')} ({getattr(user, 'role', '')})")
    if clock is not None and getattr(clock, "now_local", ""):
        facts.append(f"Local time: {clock.now_local} ({clock.timezone})")
    parts.append("\n".join(facts))
    parts.append(ICNLI_INTEGRITY_RULES)
    return "\n\n".join(parts)


def inject_language(messages: list[dict[str, Any]], lang: str, lang_name: str) -> None:
    """Ask for replies in `lang_name` by noting it on the last user message (in place)."""
    if not lang or str(lang).lower().startswith("en"):
        return
    for msg in reversed(messages):
        if msg.get("role") == "user" and isinstance(msg.get("content"), str):
            msg["content"] = f"{msg['content']}\n\n(Reply in {lang_name}.)"
            return
