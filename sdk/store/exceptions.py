"""`imperal_sdk.store.exceptions`: what `ctx.store` raises."""

from __future__ import annotations

__all__ = ["StoreConflict", "StoreContractError", "StoreError", "StoreUnavailable"]


class StoreError(Exception):
    pass


class StoreUnavailable(StoreError):
    def __init__(self, retry_after: int = 30):
        super().__init__(f"Store unavailable; retry after {retry_after}s")
        self.retry_after = retry_after


class StoreContractError(StoreError):
    pass


class StoreConflict(StoreError):
    """`update(..., if_match=etag)` found another etag (compare-and-set lost)."""

    def __init__(self, doc_id: str = "", expected_etag: str = "", current_etag: str = ""):
        super().__init__(
            f"document {doc_id!r} changed: expected etag {expected_etag!r}, "
            f"current {current_etag!r}"
        )
        self.doc_id = doc_id
        self.expected_etag = expected_etag
        self.current_etag = current_etag
