"""`HealthStatus`: what an `@ext.health_check` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HEALTH_STATES = ("ok", "degraded", "unhealthy")

__all__ = ["HEALTH_STATES", "HealthStatus"]


@dataclass
class HealthStatus:
    status: str
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def ok(details: dict[str, Any] | None = None) -> HealthStatus:
        return HealthStatus(status="ok", details=dict(details or {}))

    @staticmethod
    def degraded(message: str) -> HealthStatus:
        return HealthStatus(status="degraded", message=message)

    @staticmethod
    def unhealthy(message: str) -> HealthStatus:
        return HealthStatus(status="unhealthy", message=message)

    @property
    def healthy(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "details": self.details}
