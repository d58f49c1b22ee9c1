"""`imperal_sdk.ir.schema`: the IR envelope of an app (pure pydantic models)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from sdk.ir._impl import ImplCode, ImplDeclarative
from sdk.ir.skeleton import IRSkeleton
from sdk.ir.ui import IRPanel

__all__ = [
    "CONTRACT_VERSION",
    "IRApp",
    "IREnvelope",
    "IRFunction",
    "IRPanel",
    "IRSkeleton",
    "IRUi",
    "IR_VERSION",
    "ImplCode",
    "ImplDeclarative",
    "get_ir_schema",
]

IR_VERSION = "1.0"
CONTRACT_VERSION = "1.0"


class IRUi(BaseModel):
    model_config = ConfigDict(extra="forbid")

    panels: list[IRPanel] = Field(default_factory=list)


class IRFunction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    params_schema: dict[str, Any] = Field(default_factory=dict)
    return_schema: dict[str, Any] | None = None
    action_type: str | None = None
    effects: list[str] = Field(default_factory=list)
    event: str = ""
    impl: Annotated[ImplCode | ImplDeclarative, Field(discriminator="kind")]


class IRApp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    version: str
    title: str
    description: str = ""
    icon: str = ""
    capabilities: list[str] = Field(default_factory=list)
    data: dict[str, Any] | None = None
    functions: list[IRFunction] = Field(default_factory=list)
    ui: IRUi | None = None
    skeleton: list[IRSkeleton] | None = None
    automations: list[dict[str, Any]] = Field(default_factory=list)
    events: dict[str, Any] | None = None
    lifecycle: dict[str, Any] | None = None


class IREnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ir_version: str
    sdl_vocab_version: str = "1"
    contract_version: str = CONTRACT_VERSION
    app: IRApp


def get_ir_schema() -> dict[str, Any]:
    """The JSON schema of `IREnvelope`."""
    return IREnvelope.model_json_schema()
