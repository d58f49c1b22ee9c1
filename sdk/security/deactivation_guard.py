"""`imperal_sdk.security.deactivation_guard`: refuse work for deactivated users.

Without Redis or Temporal clients (always the case in imperal-shell) the guard keeps its
blacklist in memory for this process. With such clients it would also clear the user's keys
and stop their workflow on the hosted platform; that part is platform-only here.
"""

from __future__ import annotations

import logging
from typing import Any

from sdk._platform_only import unavailable

__all__ = ["DeactivatedUserBlockedException", "DeactivationGuard"]

_log = logging.getLogger(__name__)


def _workflow_id(imperal_id: str) -> str:
    return f"personal-{imperal_id}"


class DeactivatedUserBlockedException(Exception):  # noqa: N818 - the SDK's public name
    def __init__(self, imperal_id: str, reason: str = "User is deactivated"):
        super().__init__(f"operation refused for deactivated user {imperal_id!r}: {reason}")
        self.imperal_id = imperal_id
        self.reason = reason


class DeactivationGuard:
    def __init__(self, redis_client: Any = None, temporal_client: Any = None):
        self.redis = redis_client
        self.temporal = temporal_client
        self._local_blacklist: set[str] = set()

    def _hosted_only(self, what: str) -> None:
        if self.redis is not None or self.temporal is not None:
            unavailable(
                f"DeactivationGuard.{what} with Redis/Temporal clients",
                "the hosted platform's user stores and workflows are not part of imperal-shell",
            )

    def is_user_active(self, imperal_id: str) -> bool:
        self._hosted_only("is_user_active")
        return imperal_id not in self._local_blacklist

    def add_to_blacklist(self, imperal_id: str) -> None:
        self._hosted_only("add_to_blacklist")
        self._local_blacklist.add(imperal_id)

    def verify_ingress_signal(self, imperal_id: str, signal_name: str, payload: Any = None) -> None:
        if not self.is_user_active(imperal_id):
            _log.warning("refused signal %r for deactivated user %r", signal_name, imperal_id)
            raise DeactivatedUserBlockedException(
                imperal_id,
                f"signal {signal_name!r} to workflow {_workflow_id(imperal_id)} refused",
            )

    def cascade_deactivate_user(
        self, imperal_id: str, reason: str = "Administrative deactivation"
    ) -> dict[str, Any]:
        self.add_to_blacklist(imperal_id)
        return {
            "status": "deactivated",
            "imperal_id": imperal_id,
            "workflow_id": _workflow_id(imperal_id),
            "workflow_terminated": False,
            "cleared_keys_count": 0,
            "reason": reason,
        }
