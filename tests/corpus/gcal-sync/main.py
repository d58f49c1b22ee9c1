"""Google Calendar sync: connect Google accounts with OAuth and read their calendars."""

from __future__ import annotations

import hmac
import json

from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from imperal_sdk.oauth_tokens import TokenRefreshError, needs_refresh, with_fresh_token
from pydantic import BaseModel, Field

ACCOUNTS = "google_accounts"
CALENDAR_API = "https://www.googleapis.com/calendar/v3"
SCOPES = [
    "openid",
    "email",
    "https://www.googleapis.com/auth/calendar.readonly",
]

ext = Extension(
    "gcal-sync",
    version="0.9.4",
    display_name="Google Calendar Sync",
    description="Connect one or more Google accounts and ask about your upcoming calendar events.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["gcal-sync:read", "gcal-sync:write"],
)
chat = ChatExtension(ext, "gcal", "Google Calendar: connected accounts and upcoming events.")

ext.secret(
    "google_client_id",
    "OAuth client id of the Google Cloud project",
    scope="app",
    env_fallback="IMPERAL_APPSECRET_GOOGLE_CLIENT_ID",
)
ext.secret("google_client_secret", "OAuth client secret of the Google Cloud project", scope="app")
ext.secret(
    "push_channel_token",
    "Shared token Google echoes back on calendar push notifications",
    write_mode="extension",
)
ext.oauth("google", collection=ACCOUNTS, scopes=SCOPES)
ext.emits("gcal-sync.calendar_changed")


class ConnectParams(BaseModel):
    email: str = Field("", description="Google address to suggest on the consent screen")


class AccountParams(BaseModel):
    account_id: str = Field("", description="Connected account; empty for the first one")


class EventsParams(BaseModel):
    account_id: str = Field("", description="Connected account; empty for the first one")
    max_results: int = Field(10, ge=1, le=100, description="At most this many events")


class ConnectResult(BaseModel):
    authorize_url: str


class Account(BaseModel):
    id: str
    email: str
    expires_at: float = 0
    needs_refresh: bool = False


class AccountList(BaseModel):
    accounts: list[Account]


class CalendarEvent(BaseModel):
    id: str
    summary: str
    start: str
    end: str = ""
    location: str = ""


class EventList(BaseModel):
    account: str
    events: list[CalendarEvent]


def _account(doc) -> Account:
    data = doc.data
    return Account(
        id=doc.id,
        email=data.get("email", ""),
        expires_at=float(data.get("expires_at") or 0),
        needs_refresh=needs_refresh(data),
    )


async def _find_account(ctx, account_id: str):
    if account_id:
        return await ctx.store.get(ACCOUNTS, account_id)
    page = await ctx.store.query(ACCOUNTS, limit=1)
    return page.data[0] if page.data else None


@chat.function(
    "connect_account",
    description="Give the link that connects a Google account to this extension.",
    action_type="read",
    data_model=ConnectResult,
)
async def connect_account(ctx, params: ConnectParams) -> ActionResult:
    """Start the OAuth flow."""
    url = await ctx.oauth_authorize_url("google", login_hint=params.email or None)
    return ActionResult.success(
        data=ConnectResult(authorize_url=url),
        summary="Open the link to connect your Google account",
        ui=ui.Button("Connect Google", icon="Link", on_click=ui.Open(url)),
    )


@chat.function(
    "list_accounts",
    description="List the Google accounts connected to the calendar sync.",
    action_type="read",
    data_model=AccountList,
)
async def list_accounts(ctx, params: AccountParams) -> ActionResult:
    """List connected accounts."""
    page = await ctx.store.query(ACCOUNTS, limit=50)
    accounts = [_account(d) for d in page.data]
    return ActionResult.success(
        data=AccountList(accounts=accounts), summary=f"{len(accounts)} account(s) connected"
    )


@chat.function(
    "upcoming_events",
    description="List the next events of the primary calendar of a connected account.",
    action_type="read",
    data_model=EventList,
)
async def upcoming_events(ctx, params: EventsParams) -> ActionResult:
    """Read upcoming events, refreshing the access token when it is about to expire."""
    doc = await _find_account(ctx, params.account_id)
    if doc is None:
        return ActionResult.error("No Google account connected", code="NOT_CONNECTED")
    account = {"id": doc.id, **doc.data}

    async def fetch(token: str):
        return await ctx.http.get(
            f"{CALENDAR_API}/calendars/primary/events",
            params={
                "maxResults": params.max_results,
                "singleEvents": "true",
                "orderBy": "startTime",
            },
            headers={"Authorization": f"Bearer {token}"},
        )

    try:
        resp = await with_fresh_token(ctx, account, fetch, provider="google", collection=ACCOUNTS)
    except TokenRefreshError as exc:
        if exc.reconnect_required:
            return ActionResult.error(
                "Google refused the saved grant; connect the account again", code="RECONNECT"
            )
        return ActionResult.error(
            f"Token refresh failed: {exc}", retryable=True, code="BACKEND_5XX"
        )
    if resp.status_code == 401:
        return ActionResult.error("Google rejected the token", code="RECONNECT")
    if not resp.ok:
        return ActionResult.error(
            f"Google Calendar answered {resp.status_code}", retryable=True, code="BACKEND_5XX"
        )
    events = [
        CalendarEvent(
            id=item["id"],
            summary=item.get("summary", "(no title)"),
            start=(item.get("start") or {}).get("dateTime")
            or (item.get("start") or {}).get("date", ""),
            end=(item.get("end") or {}).get("dateTime") or (item.get("end") or {}).get("date", ""),
            location=item.get("location", ""),
        )
        for item in resp.json().get("items", [])
    ]
    return ActionResult.success(
        data=EventList(account=doc.data.get("email", ""), events=events),
        summary=f"{len(events)} upcoming event(s)",
    )


@chat.function(
    "disconnect_account",
    description="Forget a connected Google account and its saved tokens.",
    action_type="destructive",
    event="gcal-sync.account_disconnected",
    effects=["delete:account"],
    id_projection="account_id",
    data_model=Account,
)
async def disconnect_account(ctx, params: AccountParams) -> ActionResult:
    """Disconnect an account."""
    doc = await _find_account(ctx, params.account_id)
    if doc is None:
        return ActionResult.error("No such account", code="NOT_CONNECTED")
    await ctx.store.delete(ACCOUNTS, doc.id)
    return ActionResult.success(data=_account(doc), summary=f"Disconnected {doc.data.get('email')}")


@ext.webhook("/push", method="POST", secret_header="X-Goog-Channel-Token")
async def calendar_push(ctx, headers: dict, body: str, query_params: dict):
    """Google Calendar push notification: remember that the calendar changed."""
    expected = await ctx.secrets.get("push_channel_token")
    given = {k.lower(): v for k, v in headers.items()}.get("x-goog-channel-token", "")
    if not expected or not hmac.compare_digest(given, expected):
        return {"status_code": 401, "body": {"error": "bad channel token"}}
    state = {k.lower(): v for k, v in headers.items()}.get("x-goog-resource-state", "")
    if state == "sync":
        return {"ok": True, "ignored": "sync handshake"}
    payload = json.loads(body) if body else {}
    await ctx.store.create(
        "push_events",
        {
            "channel": given and headers.get("X-Goog-Channel-ID", ""),
            "state": state,
            "resource": headers.get("X-Goog-Resource-ID", ""),
            "payload": payload,
        },
    )
    await ctx.extensions.emit("gcal-sync.calendar_changed", {"state": state})
    return {"ok": True}


@ext.health_check
async def health(ctx):
    return {"status": "ok", "provider": "google"}


@ext.on_install
async def on_install(ctx):
    await ctx.log("gcal-sync installed; connect an account with connect_account")
