"""What the kernel's answers to the 6.x gateway clients share (`ctx.users`, `ctx.apps`,
`ctx.rbac`, `ctx.conversations`): reading `{args, user_id}` params, the one local user, and
the refusal for what only the hosted platform can do."""

from __future__ import annotations

from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param
from sdk.errors import NotAvailableInShell

LOCAL_ROLE = "admin"
SURFACE = "terminal"


def args_of(scope: CallScope, params: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(the operation's arguments, the user the worker acts for)."""
    return param(params, "args", dict, {}), acting_user(scope, params)


def arg(args: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
    if default is ...:
        return param(args, name, kind)
    return param(args, name, kind, default)


def local_user(scope: CallScope, user_id: str) -> dict[str, Any]:
    """The one person this shell serves, as the gateway would describe a user."""
    return {
        "id": user_id,
        "imperal_id": user_id,
        "email": f"{user_id}@localhost",
        "tenant_id": scope.tenant_id,
        "role": scope.role,  # the profile's (kernel.authz)
        "is_active": True,
    }


def refuse(feature: str, reason: str) -> NotAvailableInShell:
    return NotAvailableInShell(feature, reason)


def no_method(service: str, method: str) -> RemoteError:
    return RemoteError("NotImplementedError", f"ctx.{service} has no method {method!r}")


def installed(scope: CallScope) -> list[dict[str, Any]]:
    """The installed extensions (the kernel's catalog), as `ctx.apps.list_all()` lists them."""
    catalog = scope.services.get("catalog")
    if catalog is None:
        return []
    return [
        {"app_id": info.app_id, "name": info.display_name, "version": info.version,
         "status": "active"}
        for info in catalog.infos()
    ]  # fmt: skip
