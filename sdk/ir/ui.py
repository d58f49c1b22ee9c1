"""`imperal_sdk.ir.ui`: panels in the IR and how each renders (static tree, template, code)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sdk.types.contributions import ALLOWED_PANEL_SLOTS

__all__ = ["ALLOWED_PANEL_SLOTS", "IRPanel", "RenderCode", "RenderStatic", "RenderTemplate"]


class RenderStatic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["static"]
    tree: dict[str, Any] = Field(default_factory=dict)


class RenderTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["template"]
    tree: dict[str, Any] = Field(default_factory=dict)


class RenderCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["code"]
    module: str
    entry: str


class IRPanel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    panel_id: str
    slot: str
    title: str = ""
    icon: str = ""
    render: Annotated[RenderStatic | RenderTemplate | RenderCode, Field(discriminator="kind")]

    @field_validator("slot")
    @classmethod
    def _slot(cls, value: str) -> str:
        if value not in ALLOWED_PANEL_SLOTS:
            raise ValueError(f"panel slot {value!r} is not one of {sorted(ALLOWED_PANEL_SLOTS)}")
        return value
