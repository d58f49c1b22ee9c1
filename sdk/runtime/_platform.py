"""`imperal_sdk.runtime._platform`: hooks into the hosted platform's runtime, with the fallbacks
the SDK uses where that runtime is absent, which is always the case in imperal-shell."""

from __future__ import annotations

import logging
from typing import Any

__all__ = [
    "PLATFORM_RUNTIME_AVAILABLE",
    "check_target_scope",
    "publish_event_fallback",
    "record_action_via_chokepoint",
]

PLATFORM_RUNTIME_AVAILABLE = False

_log = logging.getLogger(__name__)


def check_target_scope(**kwargs: Any) -> dict[str, Any]:
    """Without the platform no cross-user target can be vouched for: always a refusal."""
    return {
        "allowed": False,
        "reason": "no platform runtime in this process",
        "target_user_id": str(kwargs.get("target_user_id") or ""),
        "required_scope": str(kwargs.get("required_scope") or ""),
        "force_confirmation": False,
        "cross_user": False,
        "verdict": "no_platform_fallback",
    }


async def publish_event_fallback(
    *, event_type: str, data: dict[str, Any], source_app: str, user_id: str, tenant_id: str
) -> None:
    """Nothing to publish to without the platform: the event is logged and dropped."""
    _log.debug("no platform event store; dropped %s from %s", event_type, source_app)


async def record_action_via_chokepoint(
    *, app_id: str, event_type: str, data: dict[str, Any], kctx_dict: dict[str, Any]
) -> bool:
    """False: there is no platform action ledger to record into (the caller falls back)."""
    return False
