"""`imperal_sdk.manifest_schema_ui`: the `panels` entries of a manifest and their UI tree.

A panel's `tree` is `{}` for runtime-rendered panels, or a serialized `UINode` (checked: an
`Input` node's `props["type"]` must be one of `sdk.ui` INPUT_TYPES). Panel metadata is open:
unknown keys are kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sdk.types.contributions import ALLOWED_PANEL_SLOTS

__all__ = ["Panel", "UINode"]


class UINode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1)
    props: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _input_type(self) -> UINode:
        if self.type == "Input" and "type" in self.props:
            from sdk.ui.input_components import INPUT_TYPES

            if self.props["type"] not in INPUT_TYPES:
                raise ValueError(
                    f"ui.Input type {self.props['type']!r} is not one of {list(INPUT_TYPES)}"
                )
        return self


class Panel(BaseModel):
    model_config = ConfigDict(extra="allow")

    slot: str
    tree: dict[str, Any] = Field(default_factory=dict)
    panel_id: str | None = None
    title: str | None = None
    icon: str | None = None
    refresh: str | None = None
    center_overlay: bool | None = None
    default_width: int | None = None
    min_width: int | None = None
    max_width: int | None = None

    @field_validator("slot")
    @classmethod
    def _slot(cls, value: str) -> str:
        if value not in ALLOWED_PANEL_SLOTS:
            raise ValueError(f"panel slot {value!r} is not one of {sorted(ALLOWED_PANEL_SLOTS)}")
        return value

    @field_validator("tree")
    @classmethod
    def _tree(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value:
            UINode.model_validate(value)
        return value
