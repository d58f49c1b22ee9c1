"""[6.x] Pydantic views of a caller's identity and billing, and two scope checks on a ctx."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["TypedBillingContext", "TypedUserContext", "has_scope", "is_admin_context"]


class TypedUserContext(BaseModel):
    imperal_id: str = Field(description="The user's id")
    email: str = Field(description="The user's email address")
    tenant_id: str = Field(default="default", description="The tenant (agency) the user is in")
    role: str = Field(default="user", description="The user's main role")
    scopes: list[str] = Field(default_factory=list, description="Scopes granted to the user")


class TypedBillingContext(BaseModel):
    balance: int = Field(default=0, description="Tokens available")
    plan: str = Field(default="free", description="Current plan")
    holds: int = Field(default=0, description="Tokens reserved by running work")


def _scopes(ctx: Any) -> list[str]:
    user = getattr(ctx, "user", None)
    scopes = getattr(user, "scopes", None)
    return list(scopes) if isinstance(scopes, (list, tuple)) else []


def has_scope(ctx: Any, required_scope: str) -> bool:
    """Whether `ctx.user` holds `required_scope` exactly or the wildcard `*`."""
    scopes = _scopes(ctx)
    return "*" in scopes or required_scope in scopes


def is_admin_context(ctx: Any) -> bool:
    """An admin: role "admin", or the wildcard scope `*`."""
    user = getattr(ctx, "user", None)
    return getattr(user, "role", None) == "admin" or "*" in _scopes(ctx)
