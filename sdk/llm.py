"""LLM access for extensions (`get_llm_provider`, `LLMProvider`, ...): the host registers the
provider; an extension never imports a vendor client itself (V7)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from sdk.types.models import CompletionResult


@dataclass
class LLMConfig:
    provider: str = ""
    model: str = ""
    base_url: str = ""
    api_key: str = ""
    temperature: float = 0.0
    max_tokens: int = 1024
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LLMUsage:
    input_tokens: int = 0
    output_tokens: int = 0
    model: str = ""

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@runtime_checkable
class LLMProvider(Protocol):
    async def complete(self, prompt: str, model: str = "", **kwargs: Any) -> CompletionResult: ...


class MessageAdapter:
    """Convert chat messages between the OpenAI shape (system inside the list) and the Anthropic
    shape (system separate, content blocks)."""

    @staticmethod
    def to_anthropic(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        system = "\n\n".join(
            str(m.get("content", "")) for m in messages if m.get("role") == "system"
        )
        rest = [
            {"role": m["role"], "content": [{"type": "text", "text": str(m.get("content", ""))}]}
            for m in messages
            if m.get("role") in ("user", "assistant")
        ]
        return system, rest

    @staticmethod
    def to_openai(system: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = [{"role": "system", "content": system}] if system else []
        for m in messages:
            content = m.get("content", "")
            if isinstance(content, list):
                content = "".join(b.get("text", "") for b in content if isinstance(b, dict))
            out.append({"role": m.get("role", "user"), "content": content})
        return out


_factory: Callable[[LLMConfig | None], LLMProvider] | None = None


def register_llm_provider(factory: Callable[[LLMConfig | None], LLMProvider]) -> None:
    """The host (the kernel) says how to build providers."""
    global _factory
    _factory = factory


def get_llm_provider(config: LLMConfig | None = None) -> LLMProvider:
    if _factory is None:
        raise LookupError("no LLM provider is registered in this host; use ctx.ai.complete(...)")
    return _factory(config)
