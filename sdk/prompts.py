"""`imperal_sdk.prompts`: the hosted platform's bundled system-prompt fragments.

imperal-shell ships none of those texts, so `load_prompt` is platform-only.
"""

from __future__ import annotations

from sdk._platform_only import unavailable

__all__ = ["load_prompt"]


def load_prompt(name: str) -> str:
    unavailable(
        f"load_prompt({name!r})",
        "the bundled prompt fragments are the hosted kernel's own texts and are not shipped",
    )
