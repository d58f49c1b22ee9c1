"""`ctx.ai` in the kernel: the kernel's LLM provider, or a clear "no LLM configured" error.

A provider is `scope.services["llm"]`: any object with
`async complete(prompt, model="", **kwargs) -> sdk.types.models.CompletionResult` (or a dict of
its fields). Until one is configured every call raises `RemoteError("LLMUnavailable", ...)`,
which the worker raises as `LLMUnavailable` (headless exit code 5).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import param

NO_LLM = (
    "no LLM configured: ctx.ai.complete needs a language model provider "
    "(set [llm] provider in config.toml or IMPERAL_SHELL_LLM)"
)


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`complete` {prompt, model, kwargs} -> CompletionResult fields."""
    if method != "complete":
        raise RemoteError("NotImplementedError", f"ctx.ai has no method {method!r}")
    prompt = param(params, "prompt", str)
    model = param(params, "model", str, "")
    kwargs = param(params, "kwargs", dict, {})
    provider = scope.services.get("llm")
    if provider is None:
        raise RemoteError("LLMUnavailable", NO_LLM)
    result = await provider.complete(prompt, model, **kwargs)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    if not isinstance(result, dict) or not isinstance(result.get("text"), str):
        raise RemoteError("RuntimeError", "the LLM provider returned no text")
    return {
        "text": result["text"],
        "model": str(result.get("model") or model),
        "usage": dict(result.get("usage") or {}),
        "stop_reason": str(result.get("stop_reason") or ""),
    }
