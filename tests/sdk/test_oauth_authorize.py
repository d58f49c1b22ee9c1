"""`ctx.oauth_authorize_url` without a host hook builds the consent URL as imperal-sdk 5.11 does.

The expected URLs were observed on the real 5.11 package (same inputs, same state secret).
"""

from __future__ import annotations

import pytest

from sdk import Extension
from sdk.testing import MockContext, MockSecretStore

GOOGLE = (
    "https://accounts.google.com/o/oauth2/v2/auth?client_id=cid&response_type=code&redirect_uri="
    "https%3A%2F%2Fpanel.imperal.io%2Fv1%2Fext%2Fgcal%2Foauth%2Fgoogle%2Fcallback&scope=openid+"
    "email+https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar.readonly&state=eyJhcHBfaWQiOiAiZ2"
    "NhbCIsICJ1c2VyX2lkIjogInUxIiwgInRlbmFudF9pZCI6ICJkZWZhdWx0IiwgInByb3ZpZGVyIjogImdvb2dsZSJ9"
    ".fJusqUUJU8_HVi7yZD03iec7Kfb0hovwHYpvDfG7mIA&access_type=offline&prompt=consent"
)
MICROSOFT_HINT = (
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=cid&response_type="
    "code&redirect_uri=https%3A%2F%2Fpanel.imperal.io%2Fv1%2Fext%2Fgcal%2Foauth%2Fmicrosoft%2F"
    "callback&scope=&state=eyJhcHBfaWQiOiAiZ2NhbCIsICJ1c2VyX2lkIjogInUxIiwgInRlbmFudF9pZCI6ICJk"
    "ZWZhdWx0IiwgInByb3ZpZGVyIjogIm1pY3Jvc29mdCJ9.vNjF13Cj5iExOfFOjeKkKtpfMBWRTmdGH_-oCPxqWV0&"
    "response_mode=query&login_hint=me%40x.com"
)


@pytest.fixture
def ext():
    ext = Extension("gcal", version="1.0.0")
    ext.oauth(
        "google",
        collection="accounts",
        scopes=["openid", "email", "https://www.googleapis.com/auth/calendar.readonly"],
    )
    return ext


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("IMPERAL_OAUTH_STATE_SECRET", "s3")
    monkeypatch.delenv("IMPERAL_PUBLIC_HOST", raising=False)


def _ctx(ext, secrets):
    ctx = MockContext(user_id="u1", extension_id="gcal")
    ctx._extension = ext
    ctx.secrets = MockSecretStore(secrets)
    return ctx


async def test_google_url_carries_declared_scopes_client_id_and_signed_state(ext):
    assert await _ctx(ext, {"google_client_id": "cid"}).oauth_authorize_url("google") == GOOGLE


async def test_microsoft_url_with_login_hint(ext):
    ctx = _ctx(ext, {"microsoft_client_id": "cid"})
    assert await ctx.oauth_authorize_url("microsoft", login_hint="me@x.com") == MICROSOFT_HINT


async def test_public_host_moves_the_callback(ext, monkeypatch):
    monkeypatch.setenv("IMPERAL_PUBLIC_HOST", "example.org")
    url = await _ctx(ext, {"google_client_id": "c"}).oauth_authorize_url("google")
    assert "redirect_uri=https%3A%2F%2Fexample.org%2Fv1%2Fext%2Fgcal%2Foauth%2Fgoogle" in url


async def test_unknown_provider_and_missing_state_secret_are_clear_errors(ext, monkeypatch):
    ctx = _ctx(ext, {"google_client_id": "c"})
    with pytest.raises(ValueError, match="unknown oauth provider 'github'"):
        await ctx.oauth_authorize_url("github")
    monkeypatch.delenv("IMPERAL_OAUTH_STATE_SECRET")
    with pytest.raises(RuntimeError, match="IMPERAL_OAUTH_STATE_SECRET"):
        await ctx.oauth_authorize_url("google")


async def test_a_host_hook_wins(ext):
    ctx = _ctx(ext, {})

    async def hook(provider, login_hint):
        return f"local://{provider}/{login_hint}"

    ctx._oauth_authorize_url = hook
    assert await ctx.oauth_authorize_url("google", login_hint="x") == "local://google/x"
