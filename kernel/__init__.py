"""The kernel: the OS of imperal-shell. UI-free; clients use `Kernel` and typed events only.

Names resolve lazily so a thin client (`kernel.client`) can import the event types without
paying for pydantic, asyncio and the extension loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kernel.config import ConfigError, KernelConfig
    from kernel.kernel import Kernel

__all__ = ["ConfigError", "Kernel", "KernelConfig"]


def __getattr__(name: str):
    if name in ("ConfigError", "KernelConfig"):
        from kernel import config

        return getattr(config, name)
    if name == "Kernel":
        from kernel.kernel import Kernel

        return Kernel
    raise AttributeError(f"module 'kernel' has no attribute {name!r}")
