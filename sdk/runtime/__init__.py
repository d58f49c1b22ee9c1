"""`imperal_sdk.runtime`: engines, the LLM entry point and the message adapter.

Submodules load on first use, so `import sdk.runtime` stays cheap.
"""

from __future__ import annotations

import importlib

__all__ = [
    "HostedClient",
    "KernelEngine",
    "LLMConfig",
    "LLMProvider",
    "LLMUsage",
    "LocalDevEngine",
    "MessageAdapter",
    "get_llm_provider",
    "is_air_gapped",
]

_LAZY = {
    "HostedClient": "sdk.runtime.hosted_client",
    "KernelEngine": "sdk.runtime.engine",
    "LLMConfig": "sdk.runtime.llm_provider",
    "LLMProvider": "sdk.runtime.llm_provider",
    "LLMUsage": "sdk.runtime.llm_provider",
    "LocalDevEngine": "sdk.runtime.local_engine",
    "MessageAdapter": "sdk.runtime.message_adapter",
    "get_llm_provider": "sdk.runtime.llm_provider",
    "is_air_gapped": "sdk.runtime.llm_provider",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sdk.runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
