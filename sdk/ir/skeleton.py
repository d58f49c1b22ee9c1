"""`imperal_sdk.ir.skeleton`: a skeleton section in the IR."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from sdk.ir._impl import ImplCode, ImplDeclarative

__all__ = ["IRSkeleton"]


class IRSkeleton(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str
    shape: dict[str, Any] = Field(default_factory=dict)
    producer: Annotated[ImplCode | ImplDeclarative, Field(discriminator="kind")]
    alert: bool = False
    ttl: int = 300
