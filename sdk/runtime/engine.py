"""`imperal_sdk.runtime.engine`: what runs one IR function (`KernelEngine`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

__all__ = ["KernelEngine"]


class KernelEngine(ABC):
    @abstractmethod
    async def run_function(self, ir_function: Any, params: dict[str, Any], ctx: Any) -> Any:
        """Run `ir_function` with `params` and return its result."""
