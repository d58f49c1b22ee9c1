"""`ctx.rbac` in the kernel: the one local user holds every role and every scope.

Checks answer yes: `effective_scopes` is `["*"]`, `list_roles` the single all-powerful role,
`list_scopes` the wildcard scope. Each question is recorded (`RbacLog`, and the kernel log) so
what an extension asked stays visible. Changing roles or scopes is `NotAvailableInShell`:
there is nobody else to grant anything to.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from kernel.host.scope import CallScope
from kernel.services.gateway import LOCAL_ROLE, arg, args_of, no_method, refuse

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


def _role() -> dict[str, Any]:
    return {"id": LOCAL_ROLE, "title": "Local user", "scopes": [ALL_SCOPES]}


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    args, acting = args_of(scope, params)
    if method in WRITES:
        raise refuse(
            f"ctx.rbac.{method}",
            "the one local user already holds every role and scope; there is nobody to grant to",
        )
    if method == "effective_scopes":
        subject = arg(args, "user_id", str)
        answer: Any = [ALL_SCOPES]
    elif method == "list_roles":
        subject, answer = "", [_role()]
    elif method == "list_scopes":
        subject = arg(args, "resource", str, "")
        answer = [{"id": ALL_SCOPES, "resource": subject or ALL_SCOPES, "title": "Everything"}]
    else:
        raise no_method("rbac", method)
    log = scope.services.get("rbac_log")
    if log is not None:
        log.record(scope, acting, method, subject)
    return answer
