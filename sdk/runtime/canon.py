"""`imperal_sdk.runtime.canon`: canonical projections of records (platform-only here)."""

from __future__ import annotations

from typing import Any

from sdk._platform_only import unavailable

__all__ = ["CanonError", "project_canon"]


class CanonError(ValueError):
    """A canonical projection spec that cannot be applied."""


def project_canon(spec: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    unavailable(
        "runtime.canon.project_canon",
        "canonical projections follow the hosted platform's canon specs, which imperal-shell "
        "does not ship",
    )
