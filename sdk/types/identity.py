"""Identity models carried by every ctx: who acts, in which tenant, with which scopes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class UserContext(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    imperal_id: str = Field(min_length=1)
    email: str = ""
    tenant_id: str = "default"
    agency_id: str | None = None
    org_id: str | None = None
    role: str = "user"
    scopes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    is_active: bool = True

    def has_scope(self, scope: str) -> bool:
        for granted in self.scopes:
            if granted == "*" or granted == scope:
                return True
            if granted.endswith(".*"):
                prefix = granted[:-2]
                if scope == prefix or scope.startswith(prefix + "."):
                    return True
        return False

    def has_role(self, role: str) -> bool:
        return self.role == role


class TenantContext(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    name: str = ""
    is_active: bool = True
    features: dict[str, Any] = Field(default_factory=dict)
    isolation: str = "shared"


User = UserContext
Tenant = TenantContext
