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
    # 2: document versions (compare-and-set, conflict detection at commit), durable cards,
    # tasks. Existing documents get an etag so `update(if_match=)` works on them too.
    """
    ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE documents ADD COLUMN etag TEXT NOT NULL DEFAULT '';
    UPDATE documents SET etag = lower(hex(randomblob(8)));
    CREATE TABLE cards (
        card_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        function TEXT NOT NULL,
        action_type TEXT NOT NULL,
        args_json TEXT NOT NULL,
        digest TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        continuation_json TEXT NOT NULL DEFAULT '[]',
        created_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
    );
    CREATE INDEX cards_user ON cards(user_id, status, created_at);
    CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL DEFAULT '',
        function TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'running',
        progress REAL NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        result_json TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX tasks_user ON tasks(user_id, created_at);
    CREATE INDEX tasks_running ON tasks(status) WHERE status = 'running';
    """,
    # 3: conversations (chat history, searchable with FTS5) and the LLM token account
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        referent_json TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX conversations_user ON conversations(user_id, updated_at);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        user_id TEXT NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        meta_json TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL
    );
    CREATE INDEX messages_conversation ON messages(conversation_id, id);
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='id', tokenize='unicode61'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
    END;
    CREATE TABLE llm_usage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts REAL NOT NULL,
        user_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX llm_usage_user ON llm_usage(user_id, app_id, ts);
    """,
    # 4: retention: an expired row is blanked in place and carries a keyed prune mark
    # (kernel/retention.py); the only UPDATE the ledger allows is that one
    """
    ALTER TABLE ledger ADD COLUMN pruned TEXT NOT NULL DEFAULT '';
    DROP TRIGGER ledger_no_update;
    CREATE TRIGGER ledger_update_only_prunes BEFORE UPDATE ON ledger
        WHEN NOT (
            old.pruned = '' AND new.pruned != '' AND new.id = old.id AND new.ts = old.ts
            AND new.action_type = old.action_type AND new.status = old.status
            AND new.args_sha256 = old.args_sha256 AND new.started_at = old.started_at
            AND new.ended_at = old.ended_at AND new.retention_class = old.retention_class
            AND new.prev_hash = old.prev_hash AND new.row_hash = old.row_hash
            AND new.user_id = '' AND new.tenant_id = '' AND new.app_id = ''
            AND new.function = '' AND new.source = '' AND new.args_json = ''
            AND new.error = '' AND new.card_id = ''
        )
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only (expired rows may be pruned)'); END;
    """,
    # 5: session tokens for clients outside the private socket (kernel/tokens.py); the
    # token itself is never stored, only its id, its user, its times and its revocation
    """
    CREATE TABLE session_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        revoked_at REAL
    );
    """,
]
