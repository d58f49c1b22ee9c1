"""`imperal_sdk.ir._impl`: how an IR function is implemented (code entry point or steps)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ImplCode", "ImplDeclarative"]


class ImplCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["code"]
    module: str
    entry: str


class ImplDeclarative(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["declarative"]
    steps: list[dict[str, Any]] = Field(default_factory=list)
