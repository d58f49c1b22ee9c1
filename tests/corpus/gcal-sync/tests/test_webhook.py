import json

import pytest
from imperal_sdk.testing import MockContext, MockSecretStore
from main import calendar_push, ext


@pytest.fixture
def ctx():
    ctx = MockContext(extension_id="gcal-sync")
    ctx.secrets = MockSecretStore({"push_channel_token": "chan-secret"})
    return ctx


def headers(token="chan-secret", state="exists"):
    return {
        "X-Goog-Channel-Token": token,
        "X-Goog-Resource-State": state,
        "X-Goog-Channel-ID": "ch-1",
        "X-Goog-Resource-ID": "res-9",
    }


async def test_push_is_recorded_and_emitted(ctx):
    reply = await calendar_push(ctx, headers=headers(), body=json.dumps({"k": 1}), query_params={})
    assert reply == {"ok": True}
    (doc,) = ctx.store._data["push_events"].values()
    assert doc["state"] == "exists" and doc["payload"] == {"k": 1}
    assert ctx.extensions._emitted == [
        {"event_type": "gcal-sync.calendar_changed", "data": {"state": "exists"}}
    ]


async def test_bad_token_is_rejected(ctx):
    reply = await calendar_push(ctx, headers=headers(token="nope"), body="", query_params={})
    assert reply["status_code"] == 401
    assert "push_events" not in ctx.store._data


async def test_sync_handshake_is_ignored(ctx):
    reply = await calendar_push(ctx, headers=headers(state="sync"), body="", query_params={})
    assert reply["ignored"]


async def test_webhook_tool_is_registered(ctx):
    (name,) = [n for n in ext.tools if n.startswith("__webhook__")]
    reply = await ext.call_tool(name, ctx, headers=headers(state="sync"), body="", query_params={})
    assert reply["ok"] is True


def test_webhook_url(ctx):
    assert ctx.webhook_url("/push").endswith("/v1/ext/gcal-sync/webhook/push")
