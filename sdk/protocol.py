"""Older name of `sdk.protocols` (kept importable): `ExtensionProtocol`."""

from sdk.protocols import ExtensionProtocol

__all__ = ["ExtensionProtocol"]
