"""The provider when no model is configured or reachable: every request is answered with a
clear "no language model" error, so callers fall back to the offline router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from kernel.llm.base import Completion, Health, Provider, ProviderError

NAME = "offline"
NO_MODEL = (
    "no language model is configured (set [llm] provider in config.toml or IMPERAL_SHELL_LLM, "
    "or start Ollama)"
)


class OfflineProvider(Provider):
    name = NAME

    def __init__(self, reason: str = "", *, source: str = "") -> None:
        self.reason = reason  # why no model is in use, for a banner or a stderr line
        self.source = source or reason

    def __repr__(self) -> str:
        return f"OfflineProvider(reason={self.reason!r})"

    def _refuse(self) -> ProviderError:
        detail = f"{NO_MODEL}; {self.reason}" if self.reason else NO_MODEL
        return ProviderError(detail, provider=NAME, kind="unavailable")

    async def complete(self, messages: list[dict[str, Any]], **_: Any) -> Completion:
        raise self._refuse()

    async def stream(self, messages: list[dict[str, Any]], **_: Any) -> AsyncIterator[str]:
        raise self._refuse()
        yield ""  # pragma: no cover - makes this an async generator

    async def health(self, timeout: float | None = None) -> Health:
        return Health(False, self.reason or NO_MODEL)
