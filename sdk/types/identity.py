"""Identity models carried by every ctx: who acts, in which tenant, with which scopes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sdk._scopes import scope_grants


class _ScopeChecks:
    """Scope and role checks shared by `UserContext` and `User` (no fields of its own)."""

    def has_scope(self, scope: str) -> bool:
        """Whether one of the user's scopes covers `scope` (wildcards: see `scope_grants`)."""
        return any(scope_grants(granted, scope) for granted in self.scopes)

    def has_role(self, role: str) -> bool:
        return self.role == role


class UserContext(_ScopeChecks, BaseModel):
    """`ctx.user`: the acting identity (frozen; no `.id`, use `imperal_id`).

    As in 5.11, `imperal_id`, `email`, `tenant_id` and `role` are required.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    imperal_id: str = Field(min_length=1)
    email: str
    tenant_id: str
    agency_id: str | None = None
    org_id: str | None = None
    role: str
    scopes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    is_active: bool = True


class TenantContext(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    name: str
    is_active: bool = True
    features: dict[str, Any] = Field(default_factory=dict)
    isolation: str = "shared"


class User(_ScopeChecks, BaseModel):
    """The full user record (the platform's view); `to_context()` gives the ctx identity."""

    imperal_id: str = Field(min_length=1)
    email: str
    tenant_id: str
    agency_id: str | None = None
    org_id: str | None = None
    role: str
    auth_method: str
    scopes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    is_active: bool = True
    created_at: datetime | str
    last_login: datetime | str | None = None
    cases_user_id: str | None = None

    def to_context(self) -> UserContext:
        return UserContext(**self.model_dump(include=set(UserContext.model_fields)))


class Tenant(BaseModel):
    """The full tenant record; `to_context()` gives `ctx.tenant`."""

    id: str
    tenant_id: str
    name: str
    db_backend: str
    isolation: str
    allowed_auth_methods: list[str]
    max_connections: int
    features: dict[str, Any] = Field(default_factory=dict)
    is_active: bool = True
    created_at: datetime | str
    updated_at: datetime | str
    parent_tenant_id: str | None = None
    can_resell: bool = False
    custom_pricing: dict[str, Any] = Field(default_factory=dict)
    ui_config: dict[str, Any] = Field(default_factory=dict)

    def to_context(self) -> TenantContext:
        return TenantContext(**self.model_dump(include=set(TenantContext.model_fields)))
