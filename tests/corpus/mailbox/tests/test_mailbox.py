import pytest
from imperal_sdk.testing import MockContext, MockSecretStore
from main import (
    ComposeParams,
    DraftIdParams,
    InboxParams,
    MessageIdParams,
    compose_draft,
    delete_message,
    inbox,
    read_message,
    send_draft,
    sync_inbox,
)

pytestmark = pytest.mark.asyncio

SERVER = {
    "messages": [
        {
            "id": "r1",
            "from": "ann@acme.io",
            "to": ["me@example.com"],
            "subject": "Invoice",
            "body": "Please find attached.",
            "date": "2026-01-02T09:00:00Z",
            "thread_id": "t1",
        },
        {
            "id": "r2",
            "from": "bob@globex.com",
            "to": ["me@example.com"],
            "subject": "Lunch?",
            "body": "Tomorrow at noon?",
            "date": "2026-01-03T10:00:00Z",
            "thread_id": "t2",
        },
    ]
}


@pytest.fixture
def ctx():
    ctx = MockContext(extension_id="mailbox")
    ctx.secrets = MockSecretStore({"api_token": "tok_123"})
    ctx.http.mock_get("mail.example.com/api/v1/messages", SERVER)
    return ctx


async def test_sync_is_idempotent(ctx):
    first = await sync_inbox(ctx, InboxParams())
    assert first.status == "success"
    assert first.data.new == 2
    again = await sync_inbox(ctx, InboxParams())
    assert (again.data.fetched, again.data.new) == (2, 0)
    assert len(ctx.store._data["messages"]) == 2


async def test_sync_without_token():
    ctx = MockContext()
    ctx.secrets = MockSecretStore({})
    result = await sync_inbox(ctx, InboxParams())
    assert result.status == "error"
    assert result.error_code == "TOKEN_MISSING"


async def test_sync_server_error_is_retryable(ctx):
    ctx.http = type(ctx.http)()
    ctx.http.mock_get("mail.example.com", {"error": "down"}, status=503)
    result = await sync_inbox(ctx, InboxParams())
    assert result.retryable is True
    assert result.error_code == "BACKEND_5XX"


async def test_inbox_and_read(ctx):
    await sync_inbox(ctx, InboxParams())
    listing = await inbox(ctx, InboxParams(unread_only=True))
    items = listing.data["items"]
    assert len(items) == 2
    assert all(i["kind"] == "mailmessage" for i in items)
    opened = await read_message(ctx, MessageIdParams(message_id=items[0]["id"]))
    assert opened.data["is_read"] is True
    assert opened.data["body"]
    unread = await inbox(ctx, InboxParams(unread_only=True))
    assert len(unread.data["items"]) == 1


async def test_read_unknown_message(ctx):
    result = await read_message(ctx, MessageIdParams(message_id="nope"))
    assert result.error_code == "MESSAGE_NOT_FOUND"


async def test_reply_draft_and_send(ctx):
    await sync_inbox(ctx, InboxParams())
    original = next(iter(ctx.store._data["messages"]))
    ctx.http.mock_post("mail.example.com/api/v1/send", {"queued": True})
    draft = await compose_draft(
        ctx, ComposeParams(to=["ann@acme.io"], body="Thanks!", reply_to_id=original)
    )
    assert draft.status == "success"
    assert draft.data.subject.startswith("Re: ")
    button = draft.to_dict()["ui"]["props"]["children"][2]
    assert button["props"]["on_click"]["function"] == "send_draft"
    sent = await send_draft(ctx, DraftIdParams(draft_id=draft.data.id))
    assert sent.status == "success"
    assert ctx.store._data["drafts"] == {}


async def test_send_failure_keeps_the_draft(ctx):
    ctx.http.mock_post("mail.example.com/api/v1/send", {"error": "boom"}, status=502)
    draft = await compose_draft(ctx, ComposeParams(to=["x@y.z"], subject="Hi"))
    result = await send_draft(ctx, DraftIdParams(draft_id=draft.data.id))
    assert result.status == "error" and result.retryable
    assert draft.data.id in ctx.store._data["drafts"]


async def test_delete(ctx):
    await sync_inbox(ctx, InboxParams())
    message_id = next(iter(ctx.store._data["messages"]))
    result = await delete_message(ctx, MessageIdParams(message_id=message_id))
    assert result.status == "success"
    assert message_id not in ctx.store._data["messages"]
