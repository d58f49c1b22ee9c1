"""`imperal_sdk.devtools.reference._flags`: per-symbol flags of the generated reference."""

from __future__ import annotations

__all__ = ["ACTION_VOCAB_SAFE", "flags_for"]

# Symbols with a declarative-step equivalent (see `sdk.ir.actions`).
ACTION_VOCAB_SAFE = frozenset(
    {
        "ctx.ai.complete",
        "ctx.store.create",
        "ctx.store.delete",
        "ctx.store.get",
        "ctx.store.list",
        "ctx.store.update",
        "ui.Call",
        "ui.Navigate",
        "ui.Open",
        "ui.Send",
    }
)


def flags_for(symbol_name: str) -> dict[str, bool]:
    safe = symbol_name in ACTION_VOCAB_SAFE
    return {"action_vocab_safe": safe, "declarative_capable": safe}
