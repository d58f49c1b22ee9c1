"""The rules of `ctx.store` that do not depend on where documents live: names, ids, JSON-only
data, `where` / `order_by` / `limit`, the order and matching SQLite applies, and cursors that
carry their query. MockStore and the shell's kernel store both use these, so an extension's
tests see what the shell will do."""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any

from sdk.store import StoreContractError

NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
COLUMNS = ("created_at", "updated_at", "id")  # order_by on these sorts by the column
MAX_LIMIT = 10_000
MAX_ID = 256


def check_collection(collection: Any) -> str:
    if not isinstance(collection, str) or not NAME.match(collection):
        raise StoreContractError(f"invalid collection name {collection!r}")
    return collection


def check_doc_id(doc_id: Any) -> str:
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise StoreContractError(f"document ids are strings, not {type(doc_id).__name__}")
    doc_id = str(doc_id)
    if not doc_id or len(doc_id) > MAX_ID or any(ord(ch) < 32 for ch in doc_id):
        raise StoreContractError(f"invalid document id {doc_id!r}")
    return doc_id


def json_copy(data: Any, what: str = "store documents", max_bytes: int = 0) -> dict[str, Any]:
    """A private JSON copy of `data`: later changes by the caller do not leak in, and what
    cannot be stored (NaN, sets, objects, cycles, over `max_bytes` when set) is refused."""
    if not isinstance(data, dict):
        raise StoreContractError(f"{what} are JSON objects (dict), not {type(data).__name__}")
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreContractError(f"{what} must be plain JSON: {exc}") from None
    if max_bytes:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            raise StoreContractError(
                f"a document of {size:,} bytes is over the {max_bytes:,}-byte "
                f"({max_bytes // (1024 * 1024)} MB) limit; store large content with ctx.storage"
            )
    return json.loads(text)


def check_where(where: Any, max_bytes: int = 0) -> dict[str, Any]:
    if where is None:
        return {}
    if not isinstance(where, dict):
        raise StoreContractError(f"where is a dict of field: value, not {type(where).__name__}")
    for field in where:
        if not isinstance(field, str) or not FIELD.match(field):
            raise StoreContractError(f"invalid field name in where: {field!r}")
    json_copy(where, "where values", max_bytes)
    return where


def check_limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise StoreContractError(f"limit must be an int, not {type(limit).__name__}")
    return max(0, min(limit, MAX_LIMIT))


def parse_order(order_by: Any) -> tuple[str | None, bool]:
    """(field, descending); field None: insertion order."""
    if order_by is None or order_by == "":
        return None, False
    if not isinstance(order_by, str):
        raise StoreContractError(f"invalid order_by {order_by!r}")
    desc = order_by.startswith("-")
    field = order_by[1:] if desc else order_by
    if field not in COLUMNS and not FIELD.match(field):
        raise StoreContractError(f"invalid order_by {order_by!r}")
    return field, desc


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sort_value(value: Any) -> tuple[int, Any]:
    """SQLite's order for json_extract values: NULL < numbers < text (JSON text for
    objects and arrays); true/false are 1/0."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, value) if not (isinstance(value, float) and math.isnan(value)) else (0, 0)
    if isinstance(value, str):
        return (2, value)
    return (2, json_text(value))


def matches(data: dict[str, Any], where: dict[str, Any] | None) -> bool:
    """Exact match on top-level fields as SQLite compares them (true equals 1; objects
    compare as JSON text); None matches a missing field or null."""
    for field, value in (where or {}).items():
        have = data.get(field)
        if value is None:
            if have is not None:
                return False
        elif isinstance(value, dict | list):
            if not isinstance(have, dict | list) or json_text(have) != json_text(value):
                return False
        elif isinstance(have, dict | list) or sort_value(have) != sort_value(value):
            return False
    return True


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
