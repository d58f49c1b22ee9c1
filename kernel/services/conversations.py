"""`ctx.conversations` in the kernel: a per-user book of conversations, kept in memory.

The kernel keeps no chat transcript of its own, so this is an empty but working store: an
extension can create, list, rename, pin, archive, activate and delete conversations for its
user while the kernel runs; `messages` lists none. Writes are refused in read-only renders.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

from kernel import ledger
from kernel.host.scope import CallScope
from kernel.services.common import refuse_in_read_only
from kernel.services.gateway import arg, args_of, no_method
from sdk.errors import NotFoundError

MAX_TITLE = 200
MAX_PER_USER = 1000
WRITES = frozenset({"create", "update", "delete", "activate"})


@dataclass
class Conversation:
    id: str
    title: str
    created_at: str
    updated_at: str
    pinned: bool = False
    archived: bool = False
    active: bool = False
    title_generated: bool = False


class ConversationBook:
    def __init__(self) -> None:
        self._by_user: dict[str, dict[str, Conversation]] = {}
        self._ids = itertools.count(1)

    def _of(self, user_id: str) -> dict[str, Conversation]:
        return self._by_user.setdefault(user_id, {})

    def get(self, user_id: str, conversation_id: str) -> Conversation:
        conv = self._of(user_id).get(conversation_id)
        if conv is None:
            raise NotFoundError("conversation", conversation_id)
        return conv

    def list(self, user_id: str, limit: int, include_archived: bool) -> list[dict[str, Any]]:
        rows = [c for c in self._of(user_id).values() if include_archived or not c.archived]
        rows.sort(key=lambda c: (not c.pinned, c.updated_at), reverse=False)
        return [asdict(c) for c in rows[:limit]]

    def create(self, user_id: str, title: str) -> dict[str, Any]:
        book = self._of(user_id)
        if len(book) >= MAX_PER_USER:
            raise ValueError(f"a user keeps at most {MAX_PER_USER} conversations")
        now = ledger.utcnow()
        conv = Conversation(f"c{next(self._ids)}", title, now, now)
        book[conv.id] = conv
        return asdict(conv)

    def update(self, user_id: str, conversation_id: str, changes: dict[str, Any]) -> dict:
        conv = self.get(user_id, conversation_id)
        for name, value in changes.items():
            setattr(conv, name, value)
        conv.updated_at = ledger.utcnow()
        return asdict(conv)

    def activate(self, user_id: str, conversation_id: str) -> dict[str, Any]:
        target = self.get(user_id, conversation_id)
        for conv in self._of(user_id).values():
            conv.active = conv is target
        return asdict(target)

    def delete(self, user_id: str, conversation_id: str) -> dict[str, Any]:
        self.get(user_id, conversation_id)
        del self._of(user_id)[conversation_id]
        return {"ok": True, "id": conversation_id}

    def reset(self, user_id: str) -> int:
        return len(self._by_user.pop(user_id, {}))


def _title(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("title must be a str")
    if len(value) > MAX_TITLE:
        raise ValueError(f"title is longer than {MAX_TITLE} characters")
    return value


def _changes(args: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if args.get("title") is not None:
        changes.update(title=_title(args["title"]), title_generated=False)
    for flag in ("pinned", "archived"):
        if args.get(flag) is not None:
            changes[flag] = arg(args, flag, bool)
    if not changes:
        raise ValueError("update() needs at least one of title / pinned / archived")
    return changes


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    args, user_id = args_of(scope, params)
    book: ConversationBook = scope.services["conversations"]
    if method in WRITES:
        refuse_in_read_only(scope, f"ctx.conversations.{method}")
    if method == "list":
        limit = arg(args, "limit", int, 50)
        if limit < 1:
            raise ValueError("limit must be a positive int")
        return book.list(user_id, limit, arg(args, "include_archived", bool, False))
    if method == "create":
        return book.create(user_id, _title(args.get("title", "")))
    if method == "messages":
        book.get(user_id, arg(args, "conversation_id", str))
        return []
    conversation_id = arg(args, "conversation_id", str)
    if method == "update":
        return book.update(user_id, conversation_id, _changes(args))
    if method == "activate":
        return book.activate(user_id, conversation_id)
    if method == "delete":
        return book.delete(user_id, conversation_id)
    raise no_method("conversations", method)
