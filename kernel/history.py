"""Chat history: conversations and their messages in the kernel's SQLite file, searchable
with FTS5 (tables of migration 3).

A conversation belongs to one user; every read and write here takes the user id and never
touches another user's rows. Messages are append-only (the FTS index follows them through
triggers). The conversation also keeps the item "it" stood for at its last turn
(`referent`), so a later process that joins it (`run --continue`) understands "delete it".

Times are Unix seconds (floats). Nothing here knows about sessions or routers: the session
(`kernel.session`) decides what to record; this module only stores and finds it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Iterable
from typing import Any

from kernel.redact import redact_data, redact_text

ROLES = ("user", "assistant", "tool")
TITLE_CHARS = 60  # a conversation's title: its first user message, trimmed to this
MAX_CONTENT = 100_000  # characters kept of one message
MAX_LIMIT = 1000  # rows one listing or search returns at most
SNIPPET_TOKENS = 12
CARD_LOOKBACK = 500  # messages searched for the turn that showed a card
_WORD = re.compile(r"\w", re.UNICODE)

log = logging.getLogger("kernel.history")


class HistoryError(ValueError):
    """Bad input to the history store (unknown role, someone else's conversation)."""


class HistoryStore:
    """Conversations and messages of every user, over the kernel's `Database`."""

    def __init__(self, db) -> None:
        self.db = db
        self._pending: set[asyncio.Task] = set()

    @staticmethod
    def new_id() -> str:
        """A fresh conversation id; the row is written with the conversation's first message."""
        return "conv_" + uuid.uuid4().hex[:10]

    # --- writes ------------------------------------------------------------------------
    async def start(self, user_id: str, title: str = "") -> str:
        """Create an empty conversation now and return its id (`append` also creates one)."""
        cid = self.new_id()
        now = time.time()
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO conversations (id, user_id, title, created_at, updated_at) "
                "VALUES (?,?,?,?,?)",
                (cid, _user(user_id), make_title(title), now, now),
            )
        return cid

    async def append(
        self,
        user_id: str,
        conversation_id: str,
        role: str,
        content: str,
        meta: dict[str, Any] | None = None,
        *,
        referent: dict[str, Any] | None = None,
    ) -> int:
        """Add one message (creating the conversation if `conversation_id` is new) and return
        its id. The first user message becomes the title. `referent`, when given, replaces
        what "it" stands for in this conversation. Raises HistoryError for an unknown role or
        a conversation of another user (then nothing is written)."""
        if role not in ROLES:
            raise HistoryError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        if not isinstance(content, str):
            raise HistoryError("a message's content is text")
        if not isinstance(conversation_id, str) or not conversation_id:
            raise HistoryError("a conversation id is a non-empty string")
        user_id = _user(user_id)
        content = redact_text(content[:MAX_CONTENT])
        meta_json = json.dumps(redact_data(meta or {}), ensure_ascii=False, default=str)
        ref_json = None if referent is None else json.dumps(referent, ensure_ascii=False)
        title = make_title(content) if role == "user" else ""
        now = time.time()
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO conversations (id, user_id, title, created_at, updated_at)"
                " VALUES (?,?,'',?,?)",
                (conversation_id, user_id, now, now),
            )
            cur = await conn.execute(
                "UPDATE conversations SET updated_at=max(updated_at, ?),"
                " title=CASE WHEN title='' THEN ? ELSE title END,"
                " referent_json=coalesce(?, referent_json) WHERE id=? AND user_id=?",
                (now, title, ref_json, conversation_id, user_id),
            )
            if cur.rowcount != 1:
                raise HistoryError(f"no conversation {conversation_id!r} of {user_id}")
            cur = await conn.execute(
                "INSERT INTO messages (conversation_id, user_id, role, content, meta_json,"
                " created_at) VALUES (?,?,?,?,?,?)",
                (conversation_id, user_id, role, content, meta_json, now),
            )
            return int(cur.lastrowid)

    def append_soon(
        self, *args: Any, after: Awaitable[Any] | None = None, **kwargs: Any
    ) -> asyncio.Task:
        """`append` as a task of its own, so a cancelled turn still records what it did.
        `after`: a previous append_soon task to finish first (keeps the order). A failure is
        logged, never raised at the caller; `drain()` waits for every such task."""

        async def run() -> int | None:
            if after is not None:
                await asyncio.gather(after, return_exceptions=True)
            try:
                return await self.append(*args, **kwargs)
            except Exception:
                log.exception("could not record a message in the chat history")
                return None

        task = asyncio.ensure_future(run())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task

    async def drain(self) -> None:
        """Wait for the records still being written (before the database closes)."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    # --- reads -------------------------------------------------------------------------
    async def get(self, user_id: str, conversation_id: str) -> dict[str, Any] | None:
        """One of the user's conversations (no messages), or None."""
        rows = await self._fetch(
            _SUMMARY + " WHERE c.id=? AND c.user_id=? GROUP BY c.id",
            (conversation_id, user_id),
        )
        return _conversation(rows[0]) if rows else None

    async def last(self, user_id: str) -> dict[str, Any] | None:
        """The user's most recently updated conversation, or None."""
        rows = await self._fetch(
            _SUMMARY + " WHERE c.user_id=? GROUP BY c.id"
            " ORDER BY c.updated_at DESC, c.rowid DESC LIMIT 1",
            (user_id,),
        )
        return _conversation(rows[0]) if rows else None

    async def conversations(self, user_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """The user's conversations, newest first: id, title, created_at, updated_at,
        messages (a count), referent."""
        rows = await self._fetch(
            _SUMMARY + " WHERE c.user_id=? GROUP BY c.id"
            " ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ?",
            (user_id, _limit(limit)),
        )
        return [_conversation(r) for r in rows]

    async def messages(
        self, user_id: str, conversation_id: str, *, limit: int = MAX_LIMIT
    ) -> list[dict[str, Any]]:
        """The latest `limit` messages of one of the user's conversations, oldest first:
        id, role, content, meta (a dict), created_at."""
        rows = await self._fetch(
            "SELECT id, role, content, meta_json, created_at FROM messages"
            " WHERE conversation_id=? AND user_id=? ORDER BY id DESC LIMIT ?",
            (conversation_id, user_id, _limit(limit)),
        )
        return [_message(r) for r in reversed(rows)]

    async def show(
        self, user_id: str, conversation_id: str, *, limit: int = MAX_LIMIT
    ) -> dict[str, Any] | None:
        """A conversation with its messages (`messages` is then the list), or None when the
        user has no conversation with that id."""
        conv = await self.get(user_id, conversation_id)
        if conv is None:
            return None
        return {**conv, "messages": await self.messages(user_id, conversation_id, limit=limit)}

    async def recent(
        self,
        user_id: str,
        conversation_id: str,
        *,
        max_messages: int = 20,
        max_chars: int = 8000,
        roles: Iterable[str] = ("user", "assistant"),
    ) -> list[dict[str, str]]:
        """The end of a conversation as a model's context: `[{"role", "content"}]`, oldest
        first, within `max_messages` and `max_chars` (see `bound`)."""
        wanted = tuple(r for r in roles if r in ROLES)
        if not wanted or max_messages < 1:
            return []
        marks = ",".join("?" * len(wanted))
        rows = await self._fetch(
            "SELECT role, content FROM messages WHERE conversation_id=? AND user_id=?"
            f" AND role IN ({marks}) ORDER BY id DESC LIMIT ?",
            (conversation_id, user_id, *wanted, int(max_messages)),
        )
        turns = [{"role": r["role"], "content": r["content"]} for r in reversed(rows)]
        return bound(turns, max_messages=max_messages, max_chars=max_chars)

    async def conversation_of_card(self, user_id: str, card_id: str) -> str | None:
        """The conversation whose turn showed card `card_id` (recorded in its meta `cards`),
        looked for among the user's latest CARD_LOOKBACK messages; None when not there."""
        if not isinstance(card_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", card_id):
            return None
        rows = await self._fetch(
            "SELECT conversation_id FROM (SELECT id, conversation_id, meta_json FROM messages"
            " WHERE user_id=? AND role='assistant' ORDER BY id DESC LIMIT ?)"
            " WHERE json_extract(meta_json, ?) IS NOT NULL ORDER BY id DESC LIMIT 1",
            (user_id, CARD_LOOKBACK, f'$.cards."{card_id}"'),
        )
        return rows[0]["conversation_id"] if rows else None

    async def search(
        self,
        user_id: str,
        text: str,
        *,
        limit: int = 20,
        mark: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        """The user's messages that contain every word of `text` (a word also matches as a
        prefix: "groc" finds "Groceries"), newest first: conversation_id, title, message_id,
        role, snippet (matches between `mark`), created_at. Any text is safe: words are
        quoted, so FTS5 operators and stray quotes are searched for, not obeyed; text with
        no word in it finds nothing."""
        query = fts_query(text)
        if not query:
            return []
        rows = await self._fetch(
            "SELECT m.conversation_id, c.title, m.id AS message_id, m.role, m.created_at,"
            " snippet(messages_fts, 0, ?, ?, '…', ?) AS snippet"
            " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
            " JOIN conversations c ON c.id = m.conversation_id"
            " WHERE messages_fts MATCH ? AND m.user_id=? AND c.user_id=?"
            " ORDER BY m.id DESC LIMIT ?",
            (mark[0], mark[1], SNIPPET_TOKENS, query, user_id, user_id, _limit(limit)),
        )
        return [dict(r) for r in rows]

    async def _fetch(self, sql: str, params: tuple) -> list:
        async with self.db.read() as conn, conn.execute(sql, params) as cur:
            return list(await cur.fetchall())


_SUMMARY = (
    "SELECT c.id, c.title, c.created_at, c.updated_at, c.referent_json, count(m.id) AS messages"
    " FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id"
)


def fts_query(text: str) -> str:
    """An FTS5 query that finds rows containing every word of `text`, each as a prefix.
    Each whitespace-separated piece is quoted (inner quotes doubled), so `AND`, `(` or an
    unbalanced `"` are plain text; pieces with no letter or digit are dropped."""
    if not isinstance(text, str):
        return ""
    terms = [t for t in text.split() if _WORD.search(t)]
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def make_title(text: str) -> str:
    """A title from a message: its words on one line, at most TITLE_CHARS characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1].rstrip() + "…"


def bound(
    messages: list[dict[str, str]], *, max_messages: int, max_chars: int
) -> list[dict[str, str]]:
    """The newest messages that fit `max_messages` and `max_chars` (counted on contents),
    oldest first. A newest message longer than the budget keeps its start, cut with "…".
    The result starts with a user message (some providers require that), so leading
    assistant or tool messages are dropped."""
    kept: list[dict[str, str]] = []
    used = 0
    for msg in reversed(messages[-max(0, max_messages) :] if max_messages > 0 else []):
        size = len(msg["content"])
        if used + size > max_chars:
            room = max_chars - used
            if not kept and room > 1:
                kept.append({**msg, "content": msg["content"][: room - 1] + "…"})
            break
        kept.append(msg)
        used += size
    kept.reverse()
    while kept and kept[0]["role"] != "user":
        kept.pop(0)
    return kept


def _user(user_id: str) -> str:
    if not isinstance(user_id, str) or not user_id:
        raise HistoryError("a user id is a non-empty string")
    return user_id


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise HistoryError(f"a limit is a positive integer, got {limit!r}")
    return min(limit, MAX_LIMIT)


def _conversation(row) -> dict[str, Any]:
    d = dict(row)
    raw = d.pop("referent_json", "")
    d["referent"] = json.loads(raw) if raw else None
    return d


def _message(row) -> dict[str, Any]:
    d = dict(row)
    d["meta"] = json.loads(d.pop("meta_json") or "{}")
    return d
