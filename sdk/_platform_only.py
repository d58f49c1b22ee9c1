"""The one place that raises for SDK names that only work against the hosted platform.

Modules such as `sdk.code_index` or `sdk.vault_ram_client` keep the real SDK's names and
signatures so extensions import them unchanged; calling one of them ends here, with
`NotAvailableInShell` ("<name> is not available in imperal-shell: <reason>").
"""

from __future__ import annotations

from typing import NoReturn

from sdk.errors import NotAvailableInShell

__all__ = ["NotAvailableInShell", "unavailable"]


def unavailable(name: str, reason: str) -> NoReturn:
    """Raise the shell's error for a hosted-platform-only `name`."""
    raise NotAvailableInShell(name, reason)
