"""Mail messages as SDL entities."""

from __future__ import annotations

from imperal_sdk import sdl
from pydantic import BaseModel


class MailMessage(sdl.Entity, sdl.Correspondents, sdl.MessageState, sdl.Threaded, sdl.Bodied):
    folder: str | None = sdl.field(role="mail.folder", default="INBOX")
    snippet: str | None = sdl.field(role="mail.snippet")


MessageList = sdl.EntityList[MailMessage]


class Draft(BaseModel):
    id: str
    to: list[str]
    subject: str
    body: str
    reply_to_id: str = ""


def person(address: str) -> sdl.Ref:
    return sdl.Ref(id=address, kind="person", title=address)


def message_from_doc(doc, *, with_body: bool = False) -> MailMessage:
    data = doc.data
    body = data.get("body", "")
    thread = None
    if data.get("thread_id"):
        thread = sdl.Ref(id=data["thread_id"], kind="thread", title=data.get("subject", ""))
    return MailMessage(
        id=doc.id,
        title=data.get("subject") or "(no subject)",
        subtitle=data.get("from", ""),
        sender=person(data["from"]) if data.get("from") else None,
        recipients_to=[person(a) for a in data.get("to", [])] or None,
        is_read=bool(data.get("is_read")),
        direction="incoming",
        sent_at=data.get("date") or None,
        thread_ref=thread,
        body=body if with_body else None,
        body_format="plain" if with_body else None,
        folder=data.get("folder", "INBOX"),
        snippet=body[:120],
    )
