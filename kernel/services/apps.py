"""`ctx.apps` in the kernel: the installed extensions, from the kernel's catalog.

`list_all` lists them, `list_pending` is empty (nothing waits for review on one machine),
`get_settings` is the calling extension's own configuration, `users` is the one local user.
Approving, rejecting, removing or re-configuring extensions is done with the shell's own
commands, so those calls are `NotAvailableInShell`.
"""

from __future__ import annotations

import copy
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.gateway import arg, args_of, installed, local_user, no_method, refuse
from sdk.errors import NotFoundError

ADMIN = frozenset({"approve", "reject", "remove", "set_status", "update_settings"})


def _installed_app(scope: CallScope, args: dict[str, Any]) -> str:
    app_id = arg(args, "app_id", str)
    if app_id not in {a["app_id"] for a in installed(scope)} and app_id != scope.app_id:
        raise NotFoundError("app", app_id)
    return app_id


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    args, acting = args_of(scope, params)
    if method == "list_all":
        return installed(scope)
    if method == "list_pending":
        return []
    if method == "get_settings":
        app_id = _installed_app(scope, args)
        if app_id != scope.app_id:
            raise RemoteError(
                "PermissionError",
                f"this call runs for extension {scope.app_id!r}; another extension's settings "
                "are not reachable",
            )
        return copy.deepcopy(scope.config or {})
    if method == "users":
        _installed_app(scope, args)
        return [local_user(scope, acting)]
    if method in ADMIN:
        raise refuse(
            f"ctx.apps.{method}",
            "extensions are installed, removed and configured with the shell's own commands",
        )
    raise no_method("apps", method)
