"""A metered usage event: who (identity), what (meter), from where (attribution)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MeteredAttribution", "MeteredEvent", "MeteredIdentity", "MeteredMeter"]

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class MeteredIdentity(BaseModel):
    model_config = _FROZEN
    imperal_id: str
    tenant_id: str
    agency_id: str | None = None


class MeteredMeter(BaseModel):
    model_config = _FROZEN
    unit_type: str = Field(min_length=1)
    meter_version: int = 1


class MeteredAttribution(BaseModel):
    model_config = _FROZEN
    app_id: str
    tool_name: str | None = None
    action_type: str | None = None


class MeteredEvent(BaseModel):
    model_config = _FROZEN
    v: Literal[1] = 1
    event_id: str
    ts: int
    identity: MeteredIdentity
    meter: MeteredMeter
    attribution: MeteredAttribution
    dimensions: dict[str, Any] = Field(default_factory=dict)
