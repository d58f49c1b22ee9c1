"""`imperal_sdk.runtime.local_engine`: the declarative runtime's local engine (platform-only)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable
from sdk.runtime._declarative import DECLARATIVE
from sdk.runtime.engine import KernelEngine
from sdk.runtime.interpreter import run_steps

__all__ = ["KernelEngine", "LocalDevEngine", "run_steps"]


class LocalDevEngine(KernelEngine):
    async def run_function(self, ir_function: Any, params: dict[str, Any], ctx: Any) -> Any:
        unavailable("LocalDevEngine.run_function", DECLARATIVE)
