"""`ctx.store` rules shared by the staged store (kernel/staging.py): input checks, the SQL for
`where` / `order_by`, and the same ordering and matching in Python, so a call's staged
documents sort and filter exactly as committed rows do in SQLite.
"""

from __future__ import annotations

import copy
import json
import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sdk._store_cursor import make_cursor, resolve_cursor  # noqa: F401 - re-exported
from sdk.store import StoreContractError
from sdk.types.models import Document

_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
COLUMNS = ("created_at", "updated_at", "id")  # order_by on these sorts by the column
MAX_LIMIT = 10_000
MAX_ID = 256


def check_collection(collection: Any) -> str:
    if not isinstance(collection, str) or not _NAME.match(collection):
        raise StoreContractError(f"invalid collection name {collection!r}")
    return collection


_check_collection = check_collection  # old name


def check_doc_id(doc_id: Any) -> str:
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise StoreContractError(f"document ids are strings, not {type(doc_id).__name__}")
    doc_id = str(doc_id)
    if not doc_id or len(doc_id) > MAX_ID or any(ord(ch) < 32 for ch in doc_id):
        raise StoreContractError(f"invalid document id {doc_id!r}")
    return doc_id


MAX_DOCUMENT_BYTES = 1024 * 1024  # one document, as UTF-8 JSON
MAX_STAGED_BYTES = 32 * 1024 * 1024  # everything one call stages before it commits


def check_data(data: Any, what: str = "store documents") -> dict[str, Any]:
    """A private JSON copy of `data`: later changes by the caller do not leak in, and what
    cannot be stored (NaN, sets, objects, cycles, over 1 MB) is refused before anything is
    staged."""
    if not isinstance(data, dict):
        raise StoreContractError(f"{what} are JSON objects (dict), not {type(data).__name__}")
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreContractError(f"{what} must be plain JSON: {exc}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise StoreContractError(
            f"a document of {size:,} bytes is over the {MAX_DOCUMENT_BYTES:,}-byte (1 MB) limit;"
            " store large content with ctx.storage"
        )
    return json.loads(text)


def check_limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise StoreContractError(f"limit must be an int, not {type(limit).__name__}")
    return max(0, min(limit, MAX_LIMIT))


def check_where(where: Any) -> dict[str, Any]:
    if where is None:
        return {}
    if not isinstance(where, dict):
        raise StoreContractError(f"where is a dict of field: value, not {type(where).__name__}")
    for field in where:
        if not isinstance(field, str) or not _FIELD.match(field):
            raise StoreContractError(f"invalid field name in where: {field!r}")
    check_data(where, "where values")
    return where


def where_sql(where: dict[str, Any]) -> tuple[str, list[Any]]:
    """Exact match on top-level fields; None matches a missing field or null."""
    clauses: list[str] = []
    params: list[Any] = []
    for field, value in where.items():
        if value is None:
            clauses.append(f"json_extract(data, '$.{field}') IS NULL")
        elif isinstance(value, str):  # json_extract gives objects as text: types must agree
            clauses.append(f"json_extract(data, '$.{field}') = ?")
            clauses.append(f"json_type(data, '$.{field}') = 'text'")
            params.append(value)
        elif isinstance(value, bool | int | float):
            clauses.append(f"json_extract(data, '$.{field}') = ?")
            params.append(int(value) if isinstance(value, bool) else value)
        else:
            clauses.append(f"json_extract(data, '$.{field}') = json(?)")
            clauses.append(f"json_type(data, '$.{field}') IN ('object', 'array')")
            params.append(_json_text(value))
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def matches(data: dict[str, Any], where: dict[str, Any]) -> bool:
    """`where_sql` in Python (SQLite compares true as 1, objects as their JSON text)."""
    for field, value in where.items():
        have = data.get(field)
        if value is None:
            if have is not None:
                return False
        elif isinstance(value, dict | list):
            if not isinstance(have, dict | list) or _json_text(have) != _json_text(value):
                return False
        elif isinstance(have, dict | list) or sort_value(have) != sort_value(value):
            return False
    return True


@dataclass(frozen=True)
class Order:
    field: str | None  # None: insertion order
    desc: bool = False

    @property
    def sql(self) -> str:
        if self.field is None:
            return "seq"
        key = self.field if self.field in COLUMNS else f"json_extract(data, '$.{self.field}')"
        return f"{key} {'DESC' if self.desc else 'ASC'}, seq"

    def value(self, doc: Document) -> Any:
        if self.field in COLUMNS:
            return getattr(doc, self.field)
        return doc.data.get(self.field)


def parse_order(order_by: Any) -> Order:
    if order_by is None or order_by == "":
        return Order(None)
    if not isinstance(order_by, str):
        raise StoreContractError(f"invalid order_by {order_by!r}")
    desc = order_by.startswith("-")
    field = order_by[1:] if desc else order_by
    if field not in COLUMNS and not _FIELD.match(field):
        raise StoreContractError(f"invalid order_by {order_by!r}")
    return Order(field, desc)


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
    return (2, _json_text(value))


def sort_docs(docs: list[tuple[int, Document]], order: Order) -> list[Document]:
    """(seq, doc) pairs in `order`, ties by seq ascending, as `Order.sql` sorts in SQLite."""
    docs = sorted(docs, key=lambda pair: pair[0])
    if order.field is not None:
        docs.sort(key=lambda pair: sort_value(order.value(pair[1])), reverse=order.desc)
    return [doc for _, doc in docs]


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def row_doc(row) -> Document:
    return Document(
        id=row["id"],
        collection=row["collection"],
        data=json.loads(row["data"]),
        extension_id=row["app_id"],
        tenant_id=row["tenant_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        user_id=row["user_id"],
        etag=row["etag"],
    )


def copy_doc(doc: Document) -> Document:
    """Callers get their own copy: editing a returned document changes nothing stored."""
    return Document(
        doc.id,
        doc.collection,
        copy.deepcopy(doc.data),
        doc.extension_id,
        doc.tenant_id,
        doc.created_at,
        doc.updated_at,
        doc.user_id,
        doc.etag,
    )


def new_etag() -> str:
    return uuid.uuid4().hex[:16]
