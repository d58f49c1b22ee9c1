"""`imperal_sdk.runtime.llm_provider`: the SDK's LLM entry point.

In imperal-shell a provider answers through the host's registered completion backend
(`sdk.llm.register_llm_provider`); where none is registered the call fails with `sdk.llm`'s
clear error and extensions use `ctx.ai.complete(...)` instead. Only text completion is served:
tool use needs the hosted platform.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from typing import Any

from sdk._platform_only import unavailable
from sdk.runtime.message_adapter import AnthropicCompat, ContentBlock, MessageAdapter

__all__ = [
    "LLMConfig",
    "LLMProvider",
    "LLMUsage",
    "get_llm_provider",
    "get_routing_model",
    "is_air_gapped",
]

_COMMON = ("temperature", "max_tokens")
_SAMPLING = (*_COMMON, "top_p", "stop_sequences")
_PARAMS_BY_PROVIDER = {
    "openai": (*_COMMON, "top_p", "presence_penalty", "frequency_penalty", "stop_sequences"),
    "anthropic": _SAMPLING,
    "google": _SAMPLING,
}
# OpenAI reasoning models take no custom temperature.
_FIXED_TEMPERATURE = ("o1", "o3", "o4", "gpt-5")


@dataclass
class LLMConfig:
    provider: str
    model: str
    api_key: str = field(default="", repr=False)
    base_url: str = ""
    is_byollm: bool = False
    byollm_fallback: str = "platform"
    thinking_mode: str = "auto"
    byollm_tool_choice: str = ""
    failover_config: dict[str, Any] | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    stop_sequences: list[str] | None = None

    def api_kwargs(self) -> dict[str, Any]:
        """The sampling settings that were set and that this provider accepts."""
        allowed = _PARAMS_BY_PROVIDER.get(self.provider, _COMMON)
        if self.provider == "openai" and self.model.startswith(_FIXED_TEMPERATURE):
            allowed = tuple(p for p in allowed if p != "temperature")
        return {p: getattr(self, p) for p in allowed if getattr(self, p) is not None}

    @property
    def client_key(self) -> str:
        """Identifies one client connection without exposing the key."""
        digest = hashlib.sha256(self.api_key.encode()).hexdigest()[:12]
        return f"{self.provider}:{self.base_url or 'default'}:{digest}"


@dataclass
class LLMUsage:
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    is_byollm: bool = False
    is_failover: bool = False
    purpose: str = ""
    extension_id: str = ""
    user_id: str = ""
    latency_ms: int = 0


def _flatten(messages: list[dict[str, Any]]) -> str:
    parts = []
    for m in MessageAdapter.to_openai_messages(messages):
        content = m.get("content", "")
        parts.append(content if isinstance(content, str) else str(content))
    return "\n\n".join(p for p in parts if p)


class LLMProvider:
    def __init__(self):
        self.provider_type = os.environ.get("IMPERAL_SHELL_LLM", "offline")
        self.model = os.environ.get("IMPERAL_SHELL_LLM_MODEL", "")
        self.routing_model = self.model
        self._call_log: list[LLMUsage] = []

    async def create_message(
        self,
        messages: list[dict[str, Any]],
        system: str = "",
        max_tokens: int = 1024,
        *,
        cfg: LLMConfig | None = None,
        purpose: str = "",
        extension_id: str = "",
        user_id: str = "",
        tools: list[dict[str, Any]] | None = None,
        tool_choice: dict[str, Any] | None = None,
        temperature: float = 0.0,
    ) -> AnthropicCompat:
        if tools:
            unavailable(
                "LLMProvider.create_message(tools=...)",
                "the shell's LLM backend completes text only; tool use runs on the hosted platform",
            )
        if not isinstance(messages, list):
            raise TypeError(f"messages must be a list, got {type(messages).__name__}")
        from sdk import llm

        backend = llm.get_llm_provider(None)  # raises the shell's "no provider" error
        model = cfg.model if cfg is not None else self.model
        prompt = _flatten(([{"role": "system", "content": system}] if system else []) + messages)
        started = time.monotonic()
        result = await backend.complete(
            prompt, model, max_tokens=max_tokens, temperature=temperature
        )
        usage = dict(getattr(result, "usage", None) or {})
        self._call_log.append(
            LLMUsage(
                provider=cfg.provider if cfg is not None else self.provider_type,
                model=getattr(result, "model", "") or model,
                input_tokens=int(usage.get("input_tokens", 0) or 0),
                output_tokens=int(usage.get("output_tokens", 0) or 0),
                is_byollm=bool(cfg and cfg.is_byollm),
                purpose=purpose,
                extension_id=extension_id,
                user_id=user_id,
                latency_ms=int((time.monotonic() - started) * 1000),
            )
        )
        return AnthropicCompat(
            [ContentBlock({"type": "text", "text": getattr(result, "text", "")})],
            getattr(result, "stop_reason", "") or "end_turn",
            getattr(result, "model", "") or model,
        )

    def get_available_providers(self) -> list[str]:
        from sdk import llm

        return [self.provider_type] if llm._factory is not None else []

    def get_call_log(self) -> list[LLMUsage]:
        return list(self._call_log)

    def reset_call_log(self) -> None:
        self._call_log.clear()


_provider: LLMProvider | None = None


def get_llm_provider() -> LLMProvider:
    """The process-wide provider (one instance)."""
    global _provider
    if _provider is None:
        _provider = LLMProvider()
    return _provider


def get_routing_model() -> str:
    return get_llm_provider().routing_model


def is_air_gapped() -> bool:
    """True when IMPERAL_AIR_GAPPED is set to 1/true/yes (no outside model calls wanted)."""
    return os.environ.get("IMPERAL_AIR_GAPPED", "").strip().lower() in ("1", "true", "yes")
