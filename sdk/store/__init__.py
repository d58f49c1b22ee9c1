"""`imperal_sdk.store`: the `ctx.store` contract, its errors and the hosted `StoreClient`.

`protocol` holds `StoreProtocol` and the cross-user checks, `exceptions` the errors, `client`
the hosted client; every name the kernel and extensions import from `sdk.store` is here.
"""

from sdk.store.exceptions import StoreConflict, StoreContractError, StoreError, StoreUnavailable
from sdk.store.protocol import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    SYSTEM_USER_ID,
    StoreProtocol,
    check_cross_user_args,
)
from sdk.types.models import Document

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "SYSTEM_USER_ID",
    "Document",
    "StoreClient",
    "StoreConflict",
    "StoreContractError",
    "StoreError",
    "StoreProtocol",
    "StoreUnavailable",
    "check_cross_user_args",
]


def __getattr__(name: str):  # the hosted client loads on first use (the kernel never needs it)
    if name == "StoreClient":
        from sdk.store.client import StoreClient

        return StoreClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
