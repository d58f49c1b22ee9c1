import pytest
from imperal_sdk import SkeletonAccessForbidden
from imperal_sdk.testing import MockContext, MockSecretStore
from main import (
    InboxParams,
    alert_inbox_summary,
    ext,
    inbox_panel,
    refresh_inbox_summary,
    sync_inbox,
    unread_tray,
)

SERVER = {
    "messages": [{"id": "r1", "from": "ann@acme.io", "subject": "Invoice", "date": "2026-01-02"}]
}


async def _synced(tool_type="tool"):
    ctx = MockContext(extension_id="mailbox", tool_type=tool_type)
    ctx.secrets = MockSecretStore({"api_token": "tok"})
    ctx.http.mock_get("mail.example.com", SERVER)
    await sync_inbox(ctx, InboxParams())
    return ctx


def test_registrations():
    assert "skeleton_refresh_mail_inbox_summary" in ext.tools
    skeleton = ext.tools["skeleton_refresh_mail_inbox_summary"]
    assert skeleton._skeleton["alert_on_change"] is True
    assert skeleton._skeleton["ttl"] == 120
    tray = ext.tray_items["unread"]
    assert (tray.icon, tray.zone, tray.order) == ("Mail", "status", 10)
    assert ext.panels["inbox"]["slot"] == "left"
    assert "api_token" in ext.secrets


@pytest.mark.asyncio
async def test_skeleton_refresh():
    ctx = await _synced(tool_type="skeleton")
    result = await refresh_inbox_summary(ctx)
    assert result["response"]["unread"] == 1
    assert result["response"]["latest_subject"] == "Invoice"
    assert result["response"]["new_since_last"] == 1


@pytest.mark.asyncio
async def test_skeleton_is_guarded_outside_skeleton_tools():
    ctx = await _synced()
    with pytest.raises(SkeletonAccessForbidden):
        await refresh_inbox_summary(ctx)


@pytest.mark.asyncio
async def test_alert():
    ctx = MockContext()
    assert (await alert_inbox_summary(ctx, new={"new_since_last": 0})) == {"alert": False}
    fired = await alert_inbox_summary(ctx, new={"new_since_last": 2, "latest_subject": "Hi"})
    assert fired["alert"] is True and "2 new" in fired["message"]


@pytest.mark.asyncio
async def test_tray_wrapper_and_handler():
    ctx = await _synced()
    node = await unread_tray(ctx)
    tree = node.to_dict()
    assert tree["type"] == "TrayResponse"
    assert tree["props"]["badge"] == 1
    assert tree["props"]["panel"]["type"] == "List"
    wrapped = await ext.call_tool("__tray__unread", ctx)
    assert wrapped["tray_id"] == "unread"
    assert wrapped["icon"] == "Mail"
    assert wrapped["ui"] == tree


@pytest.mark.asyncio
async def test_panel():
    empty = await inbox_panel(MockContext())
    assert empty.to_dict()["props"]["action"] == {
        "action": "call",
        "function": "sync_inbox",
        "params": {},
    }
    ctx = await _synced()
    wrapped = await ext.call_tool("__panel__inbox", ctx, folder="INBOX")
    assert wrapped["panel_id"] == "inbox"
    item = wrapped["ui"]["props"]["items"][0]["props"]
    assert item["badge"]["props"]["label"] == "new"
    assert item["actions"][0]["confirm"] == "Delete this message?"
