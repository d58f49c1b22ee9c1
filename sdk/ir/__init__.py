"""`imperal_sdk.ir`: the app IR (intermediate representation) models and checks."""

from sdk.ir._impl import ImplCode, ImplDeclarative
from sdk.ir.schema import IRApp, IREnvelope, IRFunction, get_ir_schema
from sdk.ir.skeleton import IRSkeleton

__all__ = [
    "IRApp",
    "IREnvelope",
    "IRFunction",
    "IRSkeleton",
    "ImplCode",
    "ImplDeclarative",
    "get_ir_schema",
]
