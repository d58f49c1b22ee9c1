"""Identity models carried by every ctx: who acts, in which tenant, with which scopes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _ScopeChecks:
    """Scope and role checks shared by `UserContext` and `User` (no fields of its own)."""

    def has_scope(self, scope: str) -> bool:
        """`*` grants everything; `a.*` grants `a` and `a.<anything>`; otherwise exact."""
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


class _Identity(_ScopeChecks, BaseModel):
    """The fields every identity carries, in the documented order."""

    imperal_id: str = Field(min_length=1)
    email: str = ""
    tenant_id: str = "default"
    agency_id: str | None = None
    org_id: str | None = None
    role: str = "user"
    scopes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    is_active: bool = True


class UserContext(_Identity):
    """`ctx.user`: the acting identity (frozen; no `.id`, use `imperal_id`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TenantContext(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    name: str = ""
    is_active: bool = True
    features: dict[str, Any] = Field(default_factory=dict)
    isolation: str = "shared"


class User(_Identity):
    """The full user record (the platform's view); `to_context()` gives the ctx identity."""

    auth_method: str = ""
    created_at: str | None = None
    last_login: str | None = None
    cases_user_id: str | None = None

    def to_context(self) -> UserContext:
        return UserContext(**self.model_dump(include=set(UserContext.model_fields)))


class Tenant(BaseModel):
    """The full tenant record; `to_context()` gives `ctx.tenant`."""

    tenant_id: str
    name: str = ""
    is_active: bool = True
    features: dict[str, Any] = Field(default_factory=dict)
    isolation: str = "shared"
    settings: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = None

    def to_context(self) -> TenantContext:
        return TenantContext(**self.model_dump(include=set(TenantContext.model_fields)))
