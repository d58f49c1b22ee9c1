"""The kernel: the OS of imperal-shell. UI-free; clients use `Kernel` and typed events only."""

from kernel.config import ConfigError, KernelConfig
from kernel.kernel import Kernel

__all__ = ["ConfigError", "Kernel", "KernelConfig"]
