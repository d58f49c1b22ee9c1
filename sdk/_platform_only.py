"""The one place that raises for SDK names that only work against the hosted platform.

Modules such as `sdk.code_index` or `sdk.vault_ram_client` keep the real SDK's names and
signatures so extensions import them unchanged; calling one of them ends here, with
`NotAvailableInShell` ("<name> is not available in imperal-shell: <reason>").

`HostedClient` is the base of the hosted gateway clients (`StoreClient`, `NotifyClient`, ...):
each keeps its real constructor and checks its arguments, then `_refuse`s the call.
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn, TypeVar

from sdk.errors import NotAvailableInShell

__all__ = ["HostedClient", "NotAvailableInShell", "unavailable"]

_C = TypeVar("_C", bound="HostedClient")


def unavailable(name: str, reason: str) -> NoReturn:
    """Raise the shell's error for a hosted-platform-only `name`."""
    raise NotAvailableInShell(name, reason)


class HostedClient:
    """A client of the hosted gateway, which imperal-shell does not run.

    Subclasses set `_ctx` (the ctx attribute the local kernel serves instead; or `_reason`,
    a whole reason of their own) and `_shown` (the settings their repr shows, never tokens).
    """

    _ctx = ""
    _reason = ""
    _shown: tuple[str, ...] = ()

    def _keep(self, gateway_url: str, **settings: Any) -> None:
        """Store the gateway URL (no trailing slash) and each setting as `self._<name>`."""
        self._gateway_url = str(gateway_url or "").rstrip("/")
        for name, value in settings.items():
            setattr(self, f"_{name}", value)

    def __repr__(self) -> str:  # never shows tokens
        kept = vars(self)  # a shown setting is a public or an underscored attribute
        shown = ", ".join(f"{n}={kept[n] if n in kept else kept['_' + n]!r}" for n in self._shown)
        return f"{type(self).__name__}({shown})"

    def _with(self: _C, **attributes: Any) -> _C:
        """A copy of this client with `attributes` replaced (what `for_user` returns)."""
        clone = copy.copy(self)
        for name, value in attributes.items():
            setattr(clone, name, value)
        return clone

    def _refuse(self, op: str) -> NoReturn:
        """Raise `NotAvailableInShell` for calling `op` on this client."""
        what = f"{type(self).__name__}.{op}"
        if self._reason:
            unavailable(what, self._reason)
        from sdk._gateway import refuse_hosted

        raise refuse_hosted(what, self._ctx)
