"""`ctx.users` in the kernel: imperal-shell serves one local user, who is the whole directory.

Reads answer about that user (any other id is `NotFoundError`); changing the directory
(create, update, delete, activate, settings) is `NotAvailableInShell`: the local account is the
operating system's. `reset_conversation` empties the user's local conversations.
"""

from __future__ import annotations

from typing import Any

from kernel.host.scope import CallScope
from kernel.services.common import refuse_in_read_only
from kernel.services.gateway import SURFACE, arg, args_of, installed, local_user, no_method, refuse
from sdk.errors import NotFoundError

READS = frozenset({"list", "get", "get_settings", "extensions", "surfaces"})
WRITES = frozenset({"create", "update", "delete", "set_active", "update_settings"})


def _known(scope: CallScope, args: dict[str, Any], acting: str) -> str:
    user_id = arg(args, "user_id", str)
    if user_id not in (acting, scope.user_id):
        raise NotFoundError("user", user_id)
    return user_id


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    args, acting = args_of(scope, params)
    if method == "list":
        search = arg(args, "search", str, "").lower()
        user = local_user(scope, acting)
        return [user] if search in user["email"].lower() or search in acting.lower() else []
    if method == "get":
        return local_user(scope, _known(scope, args, acting))
    if method == "get_settings":
        _known(scope, args, acting)
        return {}
    if method == "extensions":
        _known(scope, args, acting)
        return [a["app_id"] for a in installed(scope)]
    if method == "surfaces":
        _known(scope, args, acting)
        return [SURFACE]
    if method == "reset_conversation":
        refuse_in_read_only(scope, "ctx.users.reset_conversation")
        user_id = _known(scope, args, acting)
        book = scope.services.get("conversations")
        cleared = book.reset(user_id) if book is not None else 0
        return {"ok": True, "cleared": cleared}
    if method in WRITES:
        raise refuse(
            f"ctx.users.{method}",
            "imperal-shell serves one local user, whose account belongs to the operating system",
        )
    raise no_method("users", method)
