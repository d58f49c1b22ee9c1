"""The token gate of `imperal-shell web` (imperal_tui/web.py), in-process with aiohttp's test
server: no TUI process is started here (AppService is replaced by a recorder), so these run
anywhere; tests/web/test_web_chromium.py drives the real thing in a browser."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from imperal_tui import web
from kernel import tokens

KEY = bytes(range(32))


class Recorder:
    """Stands in for textual-serve's AppService: records what would have been started."""

    started: list[str] = []

    def __init__(self, command: str, **_: object):
        self.command = command

    async def start(self, width: int, height: int) -> None:
        Recorder.started.append(self.command)

    async def stop(self) -> None:
        pass


@pytest.fixture
def db(tmp_path):
    return tmp_path / "kernel.db"


@pytest.fixture
async def client(db, monkeypatch):
    Recorder.started = []
    monkeypatch.setattr("textual_serve.app_service.AppService", Recorder)
    tokens.ensure_schema(db)
    server = web.make_server(web.TokenGate(db, KEY), "127.0.0.1", 8421, recheck_s=0.05)
    app = await server._make_app()
    app.on_startup.clear()  # the banner on stderr
    async with TestClient(TestServer(app, host="127.0.0.1")) as c:
        yield c


def _issue(db, user="alice", ttl=3600, now=None):
    return tokens.issue(db, KEY, user, ttl, now=now)


async def _status_and_text(client, path, **kw):
    response = await client.get(path, allow_redirects=False, **kw)
    return response.status, await response.text()


async def test_no_token_gets_401_and_a_login_form(client):
    status, text = await _status_and_text(client, "/")
    assert status == 401 and "no session token" in text and 'action="/login"' in text
    assert Recorder.started == []


async def test_token_in_the_url_becomes_a_cookie_and_the_page_loads(client, db):
    issued = _issue(db)
    response = await client.get(f"/?token={issued.token}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.cookies[web.COOKIE]
    assert cookie.value == issued.token and cookie["httponly"] and cookie["samesite"] == "Strict"
    status, text = await _status_and_text(client, "/")
    assert status == 200 and "data-session-websocket-url" in text and "/ws" in text
    page = await client.get("/")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert issued.token not in text


@pytest.mark.parametrize("case", ["forged", "expired", "revoked", "malformed", "unknown"])
async def test_bad_tokens_get_401_with_the_reason(client, db, case):
    issued = _issue(db, now=time.time() - 7200 if case == "expired" else None)
    token = {
        "forged": tokens.issue(db, b"z" * 32, "alice", 60).token,
        "malformed": "not-a-token",
        "unknown": _issue(db.parent / "other.db").token,
    }.get(case, issued.token)
    if case == "revoked":
        tokens.revoke(db, issued.record.id)
    expected = {
        "forged": "signature does not verify",
        "expired": "expired at",
        "revoked": "revoked at",
        "malformed": "malformed",
        "unknown": "not issued in this data dir",
    }[case]
    status, text = await _status_and_text(client, f"/?token={token}")
    assert status == 401 and expected in text
    client.session.cookie_jar.update_cookies({web.COOKIE: token})
    status, text = await _status_and_text(client, "/")
    assert status == 401 and expected in text
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 401
    assert Recorder.started == []


async def test_login_form_sets_the_cookie(client, db):
    issued = _issue(db, user="bob")
    response = await client.post("/login", data={"token": issued.token}, allow_redirects=False)
    assert response.status == 303 and response.cookies[web.COOKIE].value == issued.token
    response = await client.post("/login", data={"token": "x"}, allow_redirects=False)
    assert response.status == 401 and "malformed" in await response.text()


async def test_the_session_runs_as_the_tokens_user(client, db):
    issued = _issue(db, user="bob")
    client.session.cookie_jar.update_cookies({web.COOKIE: issued.token})
    ws = await client.ws_connect("/ws?width=100&height=30")
    await ws.send_json(["ping", "1"])
    assert (await ws.receive_json()) == ["pong", "1"]
    assert Recorder.started == [web.session_command("bob")]
    assert Recorder.started[0].endswith("-m imperal_tui.web_session bob")
    await ws.close()


async def test_a_revoked_token_closes_its_running_session(client, db):
    issued = _issue(db)
    client.session.cookie_jar.update_cookies({web.COOKIE: issued.token})
    ws = await client.ws_connect("/ws")
    tokens.revoke(db, issued.record.id)
    message = await asyncio.wait_for(ws.receive(), timeout=30)
    assert ws.closed and ws.close_code == web.WS_CLOSE_UNAUTHORIZED, message


async def test_cross_origin_and_foreign_host_are_refused(client, db):
    issued = _issue(db)
    client.session.cookie_jar.update_cookies({web.COOKIE: issued.token})
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403
    status, text = await _status_and_text(client, "/", headers={"Host": "evil.example"})
    assert status == 403 and "Host" in text
    assert Recorder.started == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.1.2.3", "[::1]"])
def test_loopback_hosts_are_served(host):
    web.check_bind(host, 8421, allow_remote=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.com", "::", ""])
def test_other_hosts_need_allow_remote(host):
    with pytest.raises(ValueError, match="not a loopback address"):
        web.check_bind(host, 8421, allow_remote=False)
    if host:
        web.check_bind(host, 8421, allow_remote=True)


def test_web_refuses_a_remote_host_and_a_bad_port_with_exit_2(tmp_path, monkeypatch, capsys):
    from imperal_tui import cli

    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    assert cli.main(["web", "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert cli.main(["web", "--port", "70000"]) == 2
    assert "not a TCP port" in capsys.readouterr().err
    assert not (tmp_path / "kernel.db").exists()


def test_tokens_are_redacted_from_the_access_log():
    import logging

    record = logging.LogRecord(
        "aiohttp.access", logging.INFO, __file__, 1,
        '127.0.0.1 "GET /?token=eyJ.abc.def&fontsize=12 HTTP/1.1" 303', None, None,
    )  # fmt: skip
    assert web.RedactTokens().filter(record)
    assert record.getMessage() == '127.0.0.1 "GET /?token=[redacted]&fontsize=12 HTTP/1.1" 303'


@pytest.mark.parametrize("argv", [[], ["a b"], ["alice", "extra"], ["$(id)"]], ids=repr)
def test_the_session_process_refuses_a_bad_user(argv, capsys):
    from imperal_tui import web_session

    assert web_session.main(argv) == 2
    assert capsys.readouterr().err


def test_session_command_quotes_and_checks_the_user():
    assert web.session_command("bob", python="/opt/py 3/python") == (
        "'/opt/py 3/python' -m imperal_tui.web_session bob"
    )
    with pytest.raises(ValueError, match="not a profile name"):
        web.session_command("bob; rm -rf ~")
