"""Mailbox: read, triage and answer mail from a JMAP-style HTTP mail API."""

from __future__ import annotations

from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from models import Draft, MailMessage, MessageList, message_from_doc
from pydantic import BaseModel, Field

API = "https://mail.example.com/api/v1"

ext = Extension(
    "mailbox",
    version="2.3.0",
    display_name="Mailbox",
    description="Read, triage and answer your email: inbox, threads, drafts and unread alerts.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["mailbox:read", "mailbox:write"],
)
chat = ChatExtension(
    ext,
    "mailbox",
    "Mail module: inbox, reading, drafts and sending.",
    system_prompt="Mail module. Never invent message ids: take them from inbox().",
)
ext.secret(
    "api_token",
    "API token of your mail account (Settings > Security > App tokens)",
    required=True,
    write_mode="user",
)


class InboxParams(BaseModel):
    unread_only: bool = Field(False, description="Only unread messages")
    limit: int = Field(25, ge=1, le=200, description="At most this many messages")


class MessageIdParams(BaseModel):
    message_id: str = Field(min_length=1, description="Id of the message, from inbox()")


class ComposeParams(BaseModel):
    to: list[str] = Field(min_length=1, description="Recipients' addresses")
    subject: str = Field("", max_length=300, description="Subject line")
    body: str = Field("", description="Plain-text body")
    reply_to_id: str = Field("", description="Message this answers, if any")


class DraftIdParams(BaseModel):
    draft_id: str = Field(min_length=1, description="Id of the draft")


class SyncResult(BaseModel):
    fetched: int
    new: int


async def _token(ctx) -> str | None:
    return await ctx.secrets.get("api_token")


async def _unread(ctx) -> int:
    return await ctx.store.count("messages", where={"is_read": False})


@chat.function(
    "sync_inbox",
    description="Fetch new messages from the mail server into the local inbox.",
    action_type="write",
    event="mailbox.synced",
    effects=["create:message"],
    data_model=SyncResult,
)
async def sync_inbox(ctx, params: InboxParams) -> ActionResult:
    """Pull the newest messages from the server."""
    token = await _token(ctx)
    if not token:
        return ActionResult.error("Set your mail API token first", code="TOKEN_MISSING")
    resp = await ctx.http.get(
        f"{API}/messages",
        params={"folder": "INBOX", "limit": params.limit},
        headers={"Authorization": f"Bearer {token}"},
    )
    if not resp.ok:
        return ActionResult.error(
            f"Mail server answered {resp.status_code}", retryable=True, code="BACKEND_5XX"
        )
    fetched = resp.json().get("messages", [])
    new = 0
    for item in fetched:
        known = await ctx.store.query("messages", where={"remote_id": item["id"]}, limit=1)
        if known.data:
            continue
        await ctx.store.create(
            "messages",
            {
                "remote_id": item["id"],
                "thread_id": item.get("thread_id", ""),
                "from": item.get("from", ""),
                "to": item.get("to", []),
                "subject": item.get("subject", ""),
                "body": item.get("body", ""),
                "date": item.get("date", ""),
                "folder": "INBOX",
                "is_read": False,
            },
        )
        new += 1
    return ActionResult.success(
        data=SyncResult(fetched=len(fetched), new=new),
        summary=f"{new} new message(s)",
        refresh_panels=["inbox"],
    )


@chat.function(
    "inbox",
    description="List messages in the inbox, newest first, optionally only unread ones.",
    action_type="read",
    data_model=MessageList,
)
async def inbox(ctx, params: InboxParams) -> ActionResult:
    """List the inbox."""
    where = {"folder": "INBOX"}
    if params.unread_only:
        where["is_read"] = False
    page = await ctx.store.query("messages", where=where, order_by="-date", limit=params.limit)
    messages = [message_from_doc(d) for d in page.data]
    data = MessageList(items=messages, total=len(messages), has_more=page.has_more)
    return ActionResult.success(
        data=data.model_dump(mode="json", exclude_none=True),
        summary=f"{len(messages)} message(s)",
    )


@chat.function(
    "read_message",
    description="Show one message with its full body and mark it as read.",
    action_type="write",
    event="mailbox.message_read",
    effects=["update:message"],
    id_projection="message_id",
    data_model=MailMessage,
)
async def read_message(ctx, params: MessageIdParams) -> ActionResult:
    """Open a message."""
    doc = await ctx.store.get("messages", params.message_id)
    if doc is None:
        return ActionResult.error(f"No message {params.message_id}", code="MESSAGE_NOT_FOUND")
    if not doc.data.get("is_read"):
        doc = await ctx.store.update("messages", doc.id, {"is_read": True})
    message = message_from_doc(doc, with_body=True)
    return ActionResult.success(
        data=message.model_dump(mode="json", exclude_none=True),
        summary=message.title,
        refresh_panels=["inbox"],
    )


@chat.function(
    "compose_draft",
    description="Write a draft (a new message or a reply) without sending it.",
    action_type="write",
    event="mailbox.draft_saved",
    effects=["create:draft"],
    data_model=Draft,
)
async def compose_draft(ctx, params: ComposeParams) -> ActionResult:
    """Save a draft."""
    subject = params.subject
    if params.reply_to_id:
        original = await ctx.store.get("messages", params.reply_to_id)
        if original is None:
            return ActionResult.error(
                f"No message {params.reply_to_id} to reply to", code="MESSAGE_NOT_FOUND"
            )
        subject = subject or f"Re: {original.data.get('subject', '')}"
    doc = await ctx.store.create(
        "drafts",
        {
            "to": params.to,
            "subject": subject,
            "body": params.body,
            "reply_to_id": params.reply_to_id,
        },
    )
    draft = Draft(id=doc.id, **doc.data)
    return ActionResult.success(
        data=draft,
        summary=f"Draft to {', '.join(draft.to)} saved",
        ui=ui.Stack(
            [
                ui.Text(f"To: {', '.join(draft.to)}", variant="caption"),
                ui.Text(draft.subject or "(no subject)", variant="heading"),
                ui.Button("Send", on_click=ui.Call("send_draft", draft_id=draft.id)),
            ]
        ),
    )


@chat.function(
    "send_draft",
    description="Send a saved draft through the mail server and delete the draft.",
    action_type="write",
    event="mailbox.sent",
    effects=["delete:draft"],
    id_projection="draft_id",
    data_model=Draft,
)
async def send_draft(ctx, params: DraftIdParams) -> ActionResult:
    """Send a draft."""
    doc = await ctx.store.get("drafts", params.draft_id)
    if doc is None:
        return ActionResult.error(f"No draft {params.draft_id}", code="DRAFT_NOT_FOUND")
    token = await _token(ctx)
    if not token:
        return ActionResult.error("Set your mail API token first", code="TOKEN_MISSING")
    resp = await ctx.http.post(
        f"{API}/send", json=doc.data, headers={"Authorization": f"Bearer {token}"}
    )
    if not resp.ok:
        return ActionResult.error(
            f"Sending failed ({resp.status_code})", retryable=True, code="BACKEND_5XX"
        )
    await ctx.store.delete("drafts", doc.id)
    return ActionResult.success(data=Draft(id=doc.id, **doc.data), summary="Sent")


@chat.function(
    "delete_message",
    description="Delete a message from the local inbox for good.",
    action_type="destructive",
    event="mailbox.message_deleted",
    effects=["delete:message"],
    id_projection="message_id",
    data_model=MailMessage,
)
async def delete_message(ctx, params: MessageIdParams) -> ActionResult:
    """Delete a message."""
    doc = await ctx.store.get("messages", params.message_id)
    if doc is None:
        return ActionResult.error(f"No message {params.message_id}", code="MESSAGE_NOT_FOUND")
    await ctx.store.delete("messages", doc.id)
    return ActionResult.success(
        data=message_from_doc(doc).model_dump(mode="json", exclude_none=True),
        summary="Deleted",
        refresh_panels=["inbox"],
    )


@ext.skeleton(
    "mail_inbox_summary",
    ttl=120,
    alert=True,
    description="Unread count and the newest subject, for the assistant's context.",
)
async def refresh_inbox_summary(ctx):
    unread = await _unread(ctx)
    total = await ctx.store.count("messages")
    newest = await ctx.store.query("messages", where={"is_read": False}, order_by="-date", limit=1)
    latest = newest.data[0].data.get("subject", "") if newest.data else ""
    previous = await ctx.skeleton.get("mail_inbox_summary") or {}
    return {
        "response": {
            "unread": unread,
            "total": total,
            "latest_subject": latest,
            "new_since_last": max(0, unread - int(previous.get("unread", 0) or 0)),
        }
    }


@ext.tool("skeleton_alert_mail_inbox_summary", description="Alert when new mail arrives.")
async def alert_inbox_summary(ctx, **kwargs):
    new = kwargs.get("new") or {}
    count = int(new.get("new_since_last", 0) or 0)
    if count <= 0:
        return {"alert": False}
    return {"alert": True, "message": f"{count} new message(s): {new.get('latest_subject', '')}"}


@ext.tray("unread", icon="Mail", tooltip="Unread mail", zone="status", order=10)
async def unread_tray(ctx, **kwargs):
    unread = await _unread(ctx)
    page = await ctx.store.query("messages", where={"is_read": False}, order_by="-date", limit=5)
    items = [
        ui.ListItem(
            id=d.id,
            title=d.data.get("subject") or "(no subject)",
            subtitle=d.data.get("from", ""),
            on_click=ui.Call("read_message", message_id=d.id),
        )
        for d in page.data
    ]
    panel = ui.List(items=items) if items else ui.Empty(message="Inbox zero", icon="Inbox")
    return ui.TrayResponse(badge=unread or None, panel=panel)


@ext.panel("inbox", slot="left", title="Inbox", icon="Inbox", refresh="on_event:mailbox.synced")
async def inbox_panel(ctx, folder: str = "INBOX", **kwargs):
    page = await ctx.store.query("messages", where={"folder": folder}, order_by="-date", limit=50)
    if not page.data:
        return ui.Empty(
            message="No messages",
            icon="Inbox",
            action=ui.Call("sync_inbox"),
        )
    return ui.List(
        items=[
            ui.ListItem(
                id=d.id,
                title=d.data.get("subject") or "(no subject)",
                subtitle=d.data.get("from", ""),
                meta=d.data.get("date", "")[:10],
                badge=None if d.data.get("is_read") else ui.Badge(label="new", color="blue"),
                on_click=ui.Call("read_message", message_id=d.id),
                actions=[
                    {
                        "icon": "Trash2",
                        "on_click": ui.Call("delete_message", message_id=d.id),
                        "confirm": "Delete this message?",
                    }
                ],
            )
            for d in page.data
        ],
        searchable=True,
        total_items=len(page.data),
    )


@ext.health_check
async def health(ctx):
    return {"status": "ok"}
