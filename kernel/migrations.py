"""Versioned schema migrations, applied in order and recorded in `PRAGMA user_version`."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the append-only, hash-chained ledger and the document store behind ctx.store
    """
    CREATE TABLE ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts TEXT NOT NULL,
        user_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        function TEXT NOT NULL,
        action_type TEXT NOT NULL,
        source TEXT NOT NULL,
        args_json TEXT NOT NULL,
        args_sha256 TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        card_id TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        retention_class TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        row_hash TEXT NOT NULL
    );
    CREATE INDEX ledger_user ON ledger(user_id, id);
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TABLE documents (
        user_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (user_id, tenant_id, app_id, collection, id)
    );
    CREATE INDEX documents_scope ON documents(user_id, tenant_id, app_id, collection, seq);
    """,
]
