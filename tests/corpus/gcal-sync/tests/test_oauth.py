import time
from urllib.parse import parse_qs, urlparse

import pytest
from imperal_sdk.testing import MockContext, MockSecretStore
from main import (
    AccountParams,
    ConnectParams,
    EventsParams,
    connect_account,
    disconnect_account,
    ext,
    list_accounts,
    upcoming_events,
)

EVENTS = {
    "items": [
        {
            "id": "e1",
            "summary": "Standup",
            "start": {"dateTime": "2026-01-05T09:00:00Z"},
            "end": {"dateTime": "2026-01-05T09:15:00Z"},
        },
        {"id": "e2", "summary": "Offsite", "start": {"date": "2026-01-09"}, "location": "Lisbon"},
    ]
}


@pytest.fixture
def ctx(monkeypatch):
    monkeypatch.setenv("IMPERAL_OAUTH_STATE_SECRET", "test-state-secret")
    ctx = MockContext(user_id="u1", extension_id="gcal-sync")
    ctx.secrets = MockSecretStore(
        {"google_client_id": "cid.apps.googleusercontent.com", "google_client_secret": "shh"}
    )
    return ctx


async def _connect(ctx, *, expires_in=3600, email="me@gmail.com"):
    doc = await ctx.store.create(
        "google_accounts",
        {
            "email": email,
            "access_token": "old-token",
            "refresh_token": "refresh-1",
            "expires_at": time.time() + expires_in,
        },
    )
    return doc.id


def test_declarations():
    assert set(ext.secrets) >= {"google_client_id", "google_client_secret", "push_channel_token"}
    assert ext.secrets["google_client_id"].scope == "app"
    provider = ext.oauth_providers["google"]
    assert provider.collection == "google_accounts"
    assert "https://www.googleapis.com/auth/calendar.readonly" in provider.scopes
    assert "/push" in ext.webhooks
    assert ext.webhooks["/push"].secret_header == "X-Goog-Channel-Token"


async def test_connect_gives_a_google_consent_url(ctx):
    result = await connect_account(ctx, ConnectParams(email="me@gmail.com"))
    assert result.status == "success"
    url = urlparse(result.data.authorize_url)
    assert url.netloc == "accounts.google.com"
    query = parse_qs(url.query)
    assert query["client_id"] == ["cid.apps.googleusercontent.com"]
    assert query["login_hint"] == ["me@gmail.com"]
    assert query["redirect_uri"][0].endswith("/oauth/google/callback")
    assert query["state"][0]
    assert result.to_dict()["ui"]["props"]["on_click"] == {
        "action": "open",
        "url": result.data.authorize_url,
    }


async def test_list_accounts(ctx):
    await _connect(ctx)
    await _connect(ctx, expires_in=-10, email="old@gmail.com")
    result = await list_accounts(ctx, AccountParams())
    flags = {a.email: a.needs_refresh for a in result.data.accounts}
    assert flags == {"me@gmail.com": False, "old@gmail.com": True}


async def test_events_with_a_valid_token(ctx):
    await _connect(ctx)
    ctx.http.mock_get("googleapis.com/calendar/v3/calendars/primary/events", EVENTS)
    result = await upcoming_events(ctx, EventsParams())
    assert result.status == "success"
    assert [e.summary for e in result.data.events] == ["Standup", "Offsite"]
    assert result.data.events[1].start == "2026-01-09"


async def test_expired_token_is_refreshed_and_saved(ctx):
    account_id = await _connect(ctx, expires_in=-30)
    ctx.http.mock_post(
        "oauth2.googleapis.com/token", {"access_token": "new-token", "expires_in": 3600}
    )
    ctx.http.mock_get("googleapis.com/calendar/v3", EVENTS)
    result = await upcoming_events(ctx, EventsParams(account_id=account_id))
    assert result.status == "success"
    saved = ctx.store._data["google_accounts"][account_id]
    assert saved["access_token"] == "new-token"
    assert saved["expires_at"] > time.time() + 3000


async def test_refused_refresh_asks_to_reconnect(ctx):
    await _connect(ctx, expires_in=-30)
    ctx.http.mock_post("oauth2.googleapis.com/token", {"error": "invalid_grant"}, status=400)
    result = await upcoming_events(ctx, EventsParams())
    assert result.status == "error"
    assert result.error_code == "RECONNECT"


async def test_no_account(ctx):
    result = await upcoming_events(ctx, EventsParams())
    assert result.error_code == "NOT_CONNECTED"


async def test_disconnect(ctx):
    account_id = await _connect(ctx)
    result = await disconnect_account(ctx, AccountParams(account_id=account_id))
    assert result.status == "success"
    assert ctx.store._data["google_accounts"] == {}
