"""One call's `ctx.store`: reads committed data, keeps its writes in memory until commit.

Why: no handler may hold the write lock while it runs. Its writes wait here; the handler
reads them back merged over committed data (get, query with where/order_by/limit/cursor,
count); `Database.commit()` applies them with the call's ledger row in one short
transaction, or not at all (`discard()`).

Lost updates are impossible: the store remembers the version of every document the call
saw before it changed it; at commit, a changed version raises `StoreConflict` for this call
alone. The scope (user, tenant, app) is fixed at construction and is part of every SQL
statement: no argument can name another user's or extension's data.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from kernel.ledger import utcnow
from kernel.store import (
    MAX_LIMIT,
    MAX_STAGED_BYTES,
    check_collection,
    check_data,
    check_doc_id,
    check_limit,
    check_where,
    copy_doc,
    make_cursor,
    matches,
    new_etag,
    parse_order,
    resolve_cursor,
    row_doc,
    sort_docs,
    where_sql,
)
from sdk.store import (
    DEFAULT_PAGE_SIZE,
    SYSTEM_USER_ID,
    StoreConflict,
    StoreContractError,
    check_cross_user_args,
)
from sdk.types.models import Document, Page

_NEW_SEQ = 1 << 62  # staged creations sort after every committed row, in creation order
_SCOPE = "user_id=? AND tenant_id=? AND app_id=?"
READ_ONLY = (
    "ctx.store is read-only here: panels render read-only; change data from a function "
    "the panel calls (ui.Call)"
)


@dataclass
class _Seen:
    """A committed document as this call first saw it (version None: it did not exist)."""

    version: int | None
    etag: str = ""


@dataclass
class _Staged:
    doc: Document | None  # None: deleted
    seq: int
    size: int = 0  # bytes of its JSON


class StagedStore:
    """The ctx.store API for one call; `Database.commit(store, entry)` makes it durable."""

    def __init__(self, db, *, user_id: str, tenant_id: str, app_id: str, read_only=False):
        self._db = db
        self.user_id = user_id
        self.tenant_id = tenant_id
        self.app_id = app_id
        self.read_only = read_only
        self._scope = (user_id, tenant_id, app_id)
        self._seen: dict[tuple[str, str], _Seen] = {}
        self._staged: dict[tuple[str, str], _Staged] = {}
        self._created = 0
        self._bytes = 0  # of staged documents
        self._sealed = False
        self._as: dict[str, StagedStore] = {}  # ctx.as_user(...) stores of a system call

    # --- state ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """True when commit would change documents."""
        return bool(self._staged) or any(s.dirty for s in self._as.values())

    def seal(self) -> None:
        """No more writes (the call is being committed); later writes raise."""
        self._sealed = True
        for other in self._as.values():
            other.seal()

    def discard(self) -> None:
        """Drop the staged writes (the call failed or was cancelled); later writes raise."""
        self._sealed = True
        self._staged.clear()
        self._bytes = 0
        for other in self._as.values():
            other.discard()

    def for_user(self, user_id: str) -> StagedStore:
        """`ctx.as_user(user_id).store` of a system call (schedule, signal): that user's
        documents of this extension, staged and committed with this call."""
        if self.user_id != SYSTEM_USER_ID:
            raise StoreContractError("only a system context (schedule, signal) can act as a user")
        if not isinstance(user_id, str) or not user_id or user_id == SYSTEM_USER_ID:
            raise StoreContractError(f"invalid user id {user_id!r}")
        store = self._as.get(user_id)
        if store is None:
            store = StagedStore(
                self._db, user_id=user_id, tenant_id=self.tenant_id, app_id=self.app_id,
                read_only=self.read_only,
            )  # fmt: skip
            store._sealed = self._sealed
            self._as[user_id] = store
        return store

    def _writable(self) -> None:
        if self.read_only:
            raise StoreContractError(READ_ONLY)
        if self._sealed:
            raise StoreContractError(
                "this call has finished: its store is closed, a write now would be lost"
            )

    # --- reads -----------------------------------------------------------------------------
    async def _committed(self, collection: str, doc_id: str) -> tuple[Document | None, int]:
        async with (
            self._db.read() as conn,
            conn.execute(
                f"SELECT * FROM documents WHERE {_SCOPE} AND collection=? AND id=?",
                (*self._scope, collection, doc_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        if row is None:
            self._seen.setdefault((collection, doc_id), _Seen(None))
            return None, 0
        self._see(row)
        return row_doc(row), row["seq"]

    def _see(self, row) -> None:
        self._seen.setdefault((row["collection"], row["id"]), _Seen(row["version"], row["etag"]))

    async def _visible(self, collection: str, doc_id: str) -> tuple[Document | None, int]:
        """The document as this call sees it (its own write wins) and its sort seq."""
        staged = self._staged.get((collection, doc_id))
        if staged is not None:
            return staged.doc, staged.seq
        return await self._committed(collection, doc_id)

    async def get(self, collection: str, doc_id: str | None = None) -> Document | None:
        if doc_id is None and isinstance(collection, str) and "/" in collection:
            collection, doc_id = collection.split("/", 1)
        check_collection(collection)
        if doc_id is None or doc_id == "":
            return None
        doc, _ = await self._visible(collection, check_doc_id(doc_id))
        return copy_doc(doc) if doc else None

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[Document]:
        check_collection(collection)
        where, order_by, offset = resolve_cursor(collection, check_where(where), order_by, cursor)
        where = check_where(where)
        order = parse_order(order_by)
        limit = check_limit(limit)
        mine = {i: s for (c, i), s in self._staged.items() if c == collection}
        clause, params = where_sql(where)
        sql = (
            f"SELECT * FROM documents WHERE {_SCOPE} AND collection=?{clause} "
            f"ORDER BY {order.sql} LIMIT ? OFFSET ?"
        )
        if not mine:  # nothing staged here: SQLite pages on its own
            rows = await self._rows(sql, (*self._scope, collection, *params, limit + 1, offset))
            for row in rows[:limit]:
                self._see(row)
            docs = [row_doc(r) for r in rows[:limit]]
            more = len(rows) > limit
        else:
            # the committed rows of the first offset+limit+1 places, skipping the ones this
            # call changed (at most len(mine) of them), merged with its own matching writes
            want = offset + limit + 1
            rows = await self._rows(sql, (*self._scope, collection, *params, want + len(mine), 0))
            pairs = [(r["seq"], r) for r in rows if r["id"] not in mine]
            for row in rows:
                if row["id"] not in mine:
                    self._see(row)
            merged = [(seq, row_doc(r)) for seq, r in pairs[:want]]
            merged += [
                (s.seq, s.doc) for s in mine.values() if s.doc and matches(s.doc.data, where)
            ]
            ordered = sort_docs(merged, order)
            docs = [copy_doc(d) for d in ordered[offset : offset + limit]]
            more = len(ordered) > offset + limit
        next_cursor = make_cursor(collection, where, order_by, offset + limit) if more else None
        return Page[Document](data=docs, has_more=more, cursor=next_cursor)

    async def _rows(self, sql: str, params: tuple) -> list[sqlite3.Row]:
        async with self._db.read() as conn, conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int:
        check_collection(collection)
        where = check_where(where)
        clause, params = where_sql(where)
        base = f"SELECT COUNT(*) FROM documents WHERE {_SCOPE} AND collection=?{clause}"
        mine = [(i, s) for (c, i), s in self._staged.items() if c == collection]
        async with self._db.read() as conn:
            async with conn.execute(base, (*self._scope, collection, *params)) as cur:
                (total,) = await cur.fetchone()
            ids = [i for i, _ in mine]
            for start in range(0, len(ids), 500):  # committed rows this call has replaced
                chunk = ids[start : start + 500]
                async with conn.execute(
                    f"{base} AND id IN ({','.join('?' * len(chunk))})",
                    (*self._scope, collection, *params, *chunk),
                ) as cur:
                    total -= (await cur.fetchone())[0]
        return total + sum(1 for _, s in mine if s.doc and matches(s.doc.data, where))

    async def list(self, prefix: str = "") -> list[Document]:
        """The documents of collection `prefix` (the part before any "/"); "" lists nothing."""
        collection = str(prefix).split("/", 1)[0]
        if not collection:
            return []
        return list((await self.query(collection, limit=MAX_LIMIT)).data)

    # --- writes ----------------------------------------------------------------------------
    def _stage(self, doc: Document | None, key: tuple[str, str], seq: int) -> None:
        """Keep a write until commit; one call's staged documents stay under 32 MB in all."""
        size = len(json.dumps(doc.data, ensure_ascii=False).encode("utf-8")) if doc else 0
        old = self._staged.get(key)
        total = self._bytes - (old.size if old else 0) + size
        if total > MAX_STAGED_BYTES:
            raise StoreContractError(
                f"this call has staged {total:,} bytes of documents, over the "
                f"{MAX_STAGED_BYTES:,}-byte (32 MB) limit for one action; nothing was saved"
            )
        self._bytes = total
        self._staged[key] = _Staged(doc, seq, size)

    def _new_seq(self) -> int:
        self._created += 1
        return _NEW_SEQ + self._created

    def _document(self, collection: str, doc_id: str, data: dict, created_at: str) -> Document:
        now = utcnow()
        return Document(
            id=doc_id,
            collection=collection,
            data=data,
            extension_id=self.app_id,
            tenant_id=self.tenant_id,
            created_at=created_at or now,
            updated_at=now,
            user_id=self.user_id,
            etag=new_etag(),
        )

    async def create(self, collection: str, data: dict[str, Any]) -> Document:
        self._writable()
        check_collection(collection)
        data = check_data(data)
        doc_id = uuid.uuid4().hex[:12]
        doc = self._document(collection, doc_id, data, "")
        self._seen[(collection, doc_id)] = _Seen(None)
        self._stage(doc, (collection, doc_id), self._new_seq())
        return copy_doc(doc)

    async def update(
        self, collection: str, doc_id: str, data: dict[str, Any], *, if_match: str = ""
    ) -> Document:
        """Merge `data` into the document (create it under `doc_id` when missing).
        `if_match`: the etag the caller last saw; another one raises StoreConflict."""
        self._writable()
        check_collection(collection)
        doc_id = check_doc_id(doc_id)
        data = check_data(data, "store updates")
        if not isinstance(if_match, str):
            raise StoreContractError("if_match is an etag string")
        current, seq = await self._visible(collection, doc_id)
        if if_match and (current is None or current.etag != if_match):
            raise StoreConflict(doc_id, if_match, current.etag if current else "")
        if current is None:
            doc = self._document(collection, doc_id, data, "")
            seq = self._new_seq()
        else:
            doc = self._document(collection, doc_id, {**current.data, **data}, current.created_at)
        self._stage(doc, (collection, doc_id), seq)
        return copy_doc(doc)

    async def set(self, key: str, data: Any) -> Document:
        """Replace the document at "collection/id"; when there is none, create one with a
        new id (the SDK's documented quirk). A non-dict value is stored as {"value": data}."""
        self._writable()
        if not isinstance(key, str):
            raise StoreContractError("set takes a 'collection/id' string")
        collection, _, doc_id = key.partition("/")
        payload = data if isinstance(data, dict) else {"value": data}
        check_collection(collection)
        current = None
        if doc_id:
            current, seq = await self._visible(collection, check_doc_id(doc_id))
        if current is None:
            return await self.create(collection, payload)
        doc = self._document(collection, doc_id, check_data(payload), current.created_at)
        self._stage(doc, (collection, doc_id), seq)
        return copy_doc(doc)

    async def delete(self, collection: str, doc_id: str) -> bool:
        self._writable()
        check_collection(collection)
        doc_id = check_doc_id(doc_id)
        current, seq = await self._visible(collection, doc_id)
        if current is None:
            return False
        self._stage(None, (collection, doc_id), seq)
        return True

    # --- cross-user reads (system context: schedules, signals) -----------------------------
    async def list_users(self, collection: str, *, page_size: int = DEFAULT_PAGE_SIZE):
        check_cross_user_args(self.user_id, collection, page_size=page_size)
        after = ""
        while True:
            rows = await self._rows(
                "SELECT DISTINCT user_id FROM documents WHERE tenant_id=? AND app_id=? "
                "AND collection=? AND user_id > ? ORDER BY user_id LIMIT ?",
                (self.tenant_id, self.app_id, collection, after, page_size),
            )
            for row in rows:
                yield row["user_id"]
            if len(rows) < page_size:
                return
            after = rows[-1]["user_id"]

    async def query_all(self, collection: str, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Document]:
        check_cross_user_args(self.user_id, collection, page_size=limit)
        rows = await self._rows(
            "SELECT * FROM documents WHERE tenant_id=? AND app_id=? AND collection=? "
            "ORDER BY user_id, seq LIMIT ?",
            (self.tenant_id, self.app_id, collection, limit),
        )
        return [row_doc(r) for r in rows]

    # --- commit (runs on the writer thread inside Database.commit's savepoint) --------------
    def apply(self, conn: sqlite3.Connection) -> None:
        """Write the staged documents; StoreConflict when one changed since this call saw it
        (the caller's savepoint then rolls back everything of this call)."""
        for other in self._as.values():
            other.apply(conn)
        for (collection, doc_id), staged in sorted(self._staged.items(), key=lambda kv: kv[1].seq):
            key = (*self._scope, collection, doc_id)
            seen = self._seen.get((collection, doc_id), _Seen(None))
            doc = staged.doc
            if seen.version is None and doc is not None:
                self._insert(conn, collection, doc, key)  # the common case: one statement
                continue
            row = conn.execute(
                f"SELECT version, etag FROM documents WHERE {_SCOPE} AND collection=? AND id=?",
                key,
            ).fetchone()
            if (row[0] if row else None) != seen.version:
                raise StoreConflict(doc_id, seen.etag, row[1] if row else "")
            if doc is None:
                conn.execute(f"DELETE FROM documents WHERE {_SCOPE} AND collection=? AND id=?", key)
            elif row is not None:
                conn.execute(
                    "UPDATE documents SET data=?, created_at=?, updated_at=?, "
                    f"version=version+1, etag=? WHERE {_SCOPE} AND collection=? AND id=?",
                    (_dump(doc.data), doc.created_at, doc.updated_at, doc.etag, *key),
                )
                if staged.seq >= _NEW_SEQ:  # deleted and made again: it sorts as new
                    conn.execute(
                        "UPDATE documents SET seq=(SELECT MAX(seq) + 1 FROM documents WHERE "
                        f"{_SCOPE} AND collection=?) WHERE {_SCOPE} AND collection=? AND id=?",
                        (*self._scope, collection, *key),
                    )
            else:
                self._insert(conn, collection, doc, key)

    def _insert(self, conn: sqlite3.Connection, collection: str, doc: Document, key) -> None:
        """A document this call saw absent; someone else's row under that id -> conflict."""
        try:
            conn.execute(
                "INSERT INTO documents (user_id, tenant_id, app_id, collection, id, data, "
                "created_at, updated_at, seq, version, etag) VALUES (?,?,?,?,?,?,?,?,"
                f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM documents WHERE {_SCOPE} "
                "AND collection=?), 1, ?)",
                (*key, _dump(doc.data), doc.created_at, doc.updated_at, *self._scope,
                 collection, doc.etag),
            )  # fmt: skip
        except sqlite3.IntegrityError:
            row = conn.execute(
                f"SELECT etag FROM documents WHERE {_SCOPE} AND collection=? AND id=?", key
            ).fetchone()
            raise StoreConflict(doc.id, "", row[0] if row else "") from None


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
