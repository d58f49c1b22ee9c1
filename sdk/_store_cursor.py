"""Store cursors: a cursor carries its query (collection, where, order_by, offset), so the
next page needs only `cursor=page.cursor`. Shared by MockStore and the kernel's store so the
two page alike."""

from __future__ import annotations

import base64
import json
from typing import Any

from sdk.store import StoreContractError


def make_cursor(collection: str, where: dict[str, Any], order_by: str | None, offset: int) -> str:
    """A cursor carries its query, so the next page needs only the cursor (the SDK's own
    example passes `cursor=page.cursor` alone)."""
    raw = json.dumps([collection, where, order_by or None, offset], separators=(",", ":"))
    return "c1." + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def resolve_cursor(
    collection: str, where: dict[str, Any], order_by: str | None, cursor: Any
) -> tuple[dict[str, Any], str | None, int]:
    """(where, order_by, offset) for a query given `cursor`. A cursor that is not one of
    ours starts at the top (MockStore always accepted any cursor); one from another
    collection, or with a where/order_by the call contradicts, is refused."""
    if not isinstance(cursor, str) or not cursor.startswith("c1."):
        return where, order_by or None, 0
    try:
        body = cursor[3:]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        c_collection, c_where, c_order, offset = json.loads(raw)
        valid = isinstance(c_where, dict) and isinstance(offset, int) and offset >= 0
    except (ValueError, TypeError):
        valid = False
    if not valid:
        return where, order_by or None, 0
    if (
        c_collection != collection
        or (where and _canon(where) != _canon(c_where))
        or (order_by and order_by != c_order)
    ):
        raise StoreContractError("this cursor belongs to another query")
    return c_where, c_order, offset


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
