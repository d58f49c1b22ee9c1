"""`ctx.store` on the kernel's SQLite file: documents scoped to (user, tenant, extension)."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from kernel.ledger import utcnow
from sdk.store import StoreContractError
from sdk.types.models import Document, Page

_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_LIMIT = 10_000


def _check_collection(collection: str) -> str:
    if not isinstance(collection, str) or not _NAME.match(collection):
        raise StoreContractError(f"invalid collection name {collection!r}")
    return collection


class ScopedStore:
    """One extension's view of the store for one user; it can never name another scope."""

    def __init__(self, db, *, user_id: str, tenant_id: str, app_id: str):
        self._db = db
        self._scope = (user_id, tenant_id, app_id)

    async def _one(self, collection: str, doc_id: str) -> Document | None:
        async with self._db.conn.execute(
            "SELECT * FROM documents WHERE user_id=? AND tenant_id=? AND app_id=? "
            "AND collection=? AND id=?",
            (*self._scope, collection, doc_id),
        ) as cur:
            row = await cur.fetchone()
        return self._doc(row) if row else None

    def _doc(self, row) -> Document:
        return Document(
            id=row["id"],
            collection=row["collection"],
            data=json.loads(row["data"]),
            extension_id=row["app_id"],
            tenant_id=row["tenant_id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            user_id=row["user_id"],
        )

    async def create(self, collection: str, data: dict[str, Any]) -> Document:
        _check_collection(collection)
        if not isinstance(data, dict):
            raise StoreContractError("store documents are JSON objects (dict)")
        doc_id = uuid.uuid4().hex[:12]
        return await self._insert(collection, doc_id, data)

    async def _insert(self, collection: str, doc_id: str, data: dict[str, Any]) -> Document:
        now = utcnow()
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM documents WHERE user_id=? AND "
                "tenant_id=? AND app_id=? AND collection=?",
                (*self._scope, collection),
            ) as cur:
                (seq,) = await cur.fetchone()
            await conn.execute(
                "INSERT INTO documents (user_id, tenant_id, app_id, collection, id, data, "
                "created_at, updated_at, seq) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    *self._scope,
                    collection,
                    doc_id,
                    json.dumps(data, ensure_ascii=False),
                    now,
                    now,
                    seq,
                ),
            )
        return Document(
            doc_id, collection, dict(data), self._scope[2], self._scope[1], now, now, self._scope[0]
        )

    async def get(self, collection: str, doc_id: str | None = None) -> Document | None:
        if doc_id is None and "/" in collection:
            collection, doc_id = collection.split("/", 1)
        _check_collection(collection)
        if not doc_id:
            return None
        return await self._one(collection, str(doc_id))

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[Document]:
        _check_collection(collection)
        sql, params = self._where(collection, where)
        order = "seq"
        if order_by:
            desc = order_by.startswith("-")
            field = order_by.lstrip("-")
            if field in ("created_at", "updated_at", "id"):
                order = field
            elif _FIELD.match(field):
                order = f"json_extract(data, '$.{field}')"
            else:
                raise StoreContractError(f"invalid order_by {order_by!r}")
            order += " DESC" if desc else ""
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = int(cursor) if cursor and str(cursor).isdigit() else 0
        async with self._db.conn.execute(
            f"SELECT * FROM documents WHERE {sql} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, limit + 1, offset),
        ) as cur:
            rows = await cur.fetchall()
        docs = [self._doc(r) for r in rows[:limit]]
        more = len(rows) > limit
        return Page[Document](
            data=docs, has_more=more, cursor=str(offset + limit) if more else None
        )

    def _where(self, collection: str, where: dict[str, Any] | None) -> tuple[str, list[Any]]:
        clauses = ["user_id=?", "tenant_id=?", "app_id=?", "collection=?"]
        params: list[Any] = [*self._scope, collection]
        for field, value in (where or {}).items():
            if not _FIELD.match(str(field)):
                raise StoreContractError(f"invalid field name in where: {field!r}")
            if value is None:
                clauses.append(f"json_extract(data, '$.{field}') IS NULL")
            elif isinstance(value, bool | int | float | str):
                clauses.append(f"json_extract(data, '$.{field}') = ?")
                params.append(int(value) if isinstance(value, bool) else value)
            else:
                clauses.append(f"json_extract(data, '$.{field}') = json(?)")
                params.append(json.dumps(value, sort_keys=True))
        return " AND ".join(clauses), params

    async def update(self, collection: str, doc_id: str, data: dict[str, Any]) -> Document:
        _check_collection(collection)
        if not isinstance(data, dict):
            raise StoreContractError("store updates are JSON objects (dict)")
        existing = await self._one(collection, str(doc_id))
        if existing is None:
            return await self._insert(collection, str(doc_id), data)
        merged = {**existing.data, **data}
        now = utcnow()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE documents SET data=?, updated_at=? WHERE user_id=? AND tenant_id=? "
                "AND app_id=? AND collection=? AND id=?",
                (
                    json.dumps(merged, ensure_ascii=False),
                    now,
                    *self._scope,
                    collection,
                    str(doc_id),
                ),
            )
        existing.data = merged
        existing.updated_at = now
        return existing

    async def set(self, key: str, data: Any) -> Document:
        collection, _, doc_id = key.partition("/")
        payload = data if isinstance(data, dict) else {"value": data}
        if not doc_id:
            return await self.create(collection, payload)
        return await self.update(collection, doc_id, payload)

    async def delete(self, collection: str, doc_id: str) -> bool:
        _check_collection(collection)
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "DELETE FROM documents WHERE user_id=? AND tenant_id=? AND app_id=? "
                "AND collection=? AND id=?",
                (*self._scope, collection, str(doc_id)),
            )
        return cur.rowcount > 0

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int:
        _check_collection(collection)
        sql, params = self._where(collection, where)
        async with self._db.conn.execute(
            f"SELECT COUNT(*) FROM documents WHERE {sql}", params
        ) as cur:
            (n,) = await cur.fetchone()
        return n

    async def list(self, prefix: str = "") -> list[Document]:
        collection = prefix.split("/", 1)[0]
        return list((await self.query(collection, limit=MAX_LIMIT)).data)
