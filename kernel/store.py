"""`ctx.store` on SQLite: the SQL for `where` / `order_by`, the kernel's size limits, and
turning rows into documents. The store's rules themselves (names, JSON-only data, order,
matching, cursors) are the SDK's (`sdk._store_rules`), shared with MockStore, so a call's
staged documents sort and filter exactly as committed rows do in SQLite.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sdk._store_rules import (  # noqa: F401 - re-exported for the staged store
    COLUMNS,
    MAX_LIMIT,
    check_collection,
    check_doc_id,
    check_limit,
    json_copy,
    json_text,
    make_cursor,
    matches,
    resolve_cursor,
    sort_value,
)
from sdk._store_rules import check_where as _check_where
from sdk._store_rules import parse_order as _parse_order
from sdk.types.models import Document

MAX_DOCUMENT_BYTES = 1024 * 1024  # one document, as UTF-8 JSON
MAX_STAGED_BYTES = 32 * 1024 * 1024  # everything one call stages before it commits


def check_data(data: Any, what: str = "store documents") -> dict[str, Any]:
    """A private JSON copy of `data`, refused if it is not plain JSON or over 1 MB."""
    return json_copy(data, what, MAX_DOCUMENT_BYTES)


def check_where(where: Any) -> dict[str, Any]:
    return _check_where(where, MAX_DOCUMENT_BYTES)


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
            params.append(json_text(value))
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


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
    return Order(*_parse_order(order_by))


def sort_docs(docs: list[tuple[int, Document]], order: Order) -> list[Document]:
    """(seq, doc) pairs in `order`, ties by seq ascending, as `Order.sql` sorts in SQLite."""
    docs = sorted(docs, key=lambda pair: pair[0])
    if order.field is not None:
        docs.sort(key=lambda pair: sort_value(order.value(pair[1])), reverse=order.desc)
    return [doc for _, doc in docs]


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
