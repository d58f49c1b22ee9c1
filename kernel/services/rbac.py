"""`ctx.rbac` in the kernel: answers from the calling profile (kernel.authz, config.toml).

`effective_scopes` is the profile's scopes (`["*"]` for the owner's admin profile),
`list_roles` its role, `list_scopes` the wildcard scope. Each question is recorded (`RbacLog`,
and the kernel log) so what an extension asked stays visible. Changing roles or scopes is
`NotAvailableInShell`: they live in config.toml, which only the data dir's owner edits.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from kernel.host.scope import CallScope
from kernel.services.gateway import arg, args_of, no_method, refuse
from sdk.errors import NotFoundError

_log = logging.getLogger("kernel.services.rbac")

ALL_SCOPES = "*"
WRITES = frozenset({"create_role", "update_role", "delete_role", "create_scope", "delete_scope"})
MAX_RECORDS = 1000


class RbacLog:
    """The recent `ctx.rbac` questions: (app_id, user_id, method, subject), newest last."""

    def __init__(self) -> None:
        self.records: deque[tuple[str, str, str, str]] = deque(maxlen=MAX_RECORDS)

    def record(self, scope: CallScope, user_id: str, method: str, subject: str) -> None:
        self.records.append((scope.app_id, user_id, method, subject))
        _log.info("ctx.rbac.%s(%s) by %s for %s: granted", method, subject, scope.app_id, user_id)


def _role(scope: CallScope) -> dict[str, Any]:
    return {"id": scope.role, "title": "Local profile", "scopes": list(scope.scopes)}


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    args, acting = args_of(scope, params)
    if method in WRITES:
        raise refuse(
            f"ctx.rbac.{method}",
            "the one local user already holds every role and scope; there is nobody to grant to",
        )
    if method == "effective_scopes":
        subject = arg(args, "user_id", str)
        if subject not in (acting, scope.user_id):  # as ctx.users: only the calling profile
            raise NotFoundError("user", subject)
        answer: Any = list(scope.scopes)
    elif method == "list_roles":
        subject, answer = "", [_role(scope)]
    elif method == "list_scopes":
        subject = arg(args, "resource", str, "")
        answer = [{"id": ALL_SCOPES, "resource": subject or ALL_SCOPES, "title": "Everything"}]
    else:
        raise no_method("rbac", method)
    log = scope.services.get("rbac_log")
    if log is not None:
        log.record(scope, acting, method, subject)
    return answer
