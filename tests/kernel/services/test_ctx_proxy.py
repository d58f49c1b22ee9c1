"""The worker's ctx: identity, surface, time, webhook_url, log, and ctx.http against a real
HTTP server on 127.0.0.1."""

import json
import logging
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from kernel.host.ctx_proxy import HttpClient, build_worker_context, close_http_clients
from sdk import Extension
from sdk.types.models import HTTPResponse


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body: bytes, ctype="text/plain; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/json":
            self._send(200, b'{"ok": true, "n": [1, 2]}', "application/json")
        elif self.path == "/text":
            self._send(200, "h\u00e9llo".encode(), headers={"X-Test": "yes"})
        elif self.path == "/bytes":
            self._send(200, b"\xff\xfe\x00\x81", "application/octet-stream")
        elif self.path == "/empty":
            self._send(204, b"")
        elif self.path == "/redirect":
            self._send(302, b"", headers={"Location": "/json"})
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, b"late")
        else:
            self._send(404, b'{"error": "nope"}', "application/json")

    def _echo(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        payload = {"method": self.command, "body": body.decode()}
        self._send(201, json.dumps(payload).encode(), "application/json")

    do_POST = do_PUT = do_PATCH = do_DELETE = _echo


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


async def test_ctx_http_against_a_real_server(server):
    http = HttpClient()
    try:
        r = await http.get(f"{server}/json")
        assert isinstance(r, HTTPResponse) and r.ok and r.json() == {"ok": True, "n": [1, 2]}
        r = await http.get(f"{server}/text")
        assert r.body == "h\u00e9llo" and r.text() == "h\u00e9llo" and r.headers["x-test"] == "yes"
        r = await http.get(f"{server}/bytes")
        assert r.body == b"\xff\xfe\x00\x81"
        r = await http.get(f"{server}/empty")
        assert r.status_code == 204 and r.body == ""
        r = await http.get(f"{server}/redirect")
        assert r.status_code == 200 and r.json()["ok"] is True
        r = await http.get(f"{server}/missing")
        assert r.status_code == 404 and not r.ok
        for verb in ("post", "put", "patch", "delete"):
            r = await getattr(http, verb)(f"{server}/echo", content=b"x=1")
            assert r.status_code == 201 and r.json()["method"] == verb.upper()
        r = await http.post(f"{server}/echo", json={"a": 1})
        assert json.loads(r.json()["body"]) == {"a": 1}
    finally:
        await close_http_clients()


async def test_ctx_http_timeouts_are_capped(server):
    http = HttpClient()
    with pytest.raises(ValueError, match=r"ctx.http timeout 181s exceeds federal cap \(180s\)"):
        await http.get(f"{server}/json", timeout=181)
    for bad in (0, -1):
        with pytest.raises(ValueError, match="> 0"):
            await http.get(f"{server}/json", timeout=bad)
    with pytest.raises(TypeError):
        await http.get(f"{server}/json", timeout="10")
    with pytest.raises(ValueError, match="federal cap"):
        HttpClient(timeout=600)
    assert HttpClient(max_timeout=900).max_timeout == 180
    started = time.monotonic()
    try:
        with pytest.raises(httpx.TimeoutException):
            await http.get(f"{server}/slow", timeout=0.3)
    finally:
        await close_http_clients()
    assert time.monotonic() - started < 1.9


async def test_the_worker_ctx(worker_ctx, server, caplog):
    ext = Extension("notes")
    scope, ctx = worker_ctx(ext)
    assert ctx.user.imperal_id == "alice" and ctx.user.tenant_id == "default"
    assert ctx.tenant.tenant_id == "default" and ctx.tenant_id == "default"
    assert ctx.surface == "terminal"
    assert ctx._tool_type == "chat_fn" and ctx._extension is ext
    assert ctx.webhook_url("/cb") == "https://panel.imperal.io/v1/ext/notes/webhook/cb"
    assert ctx.time.now_utc and ctx.time.utc_offset.count(":") == 1
    assert isinstance(ctx.http, HttpClient)
    assert ctx.skeleton is None
    with caplog.at_level(logging.INFO, logger="ext.notes"):
        await ctx.log("hello from notes")
    assert "hello from notes" in caplog.text
    with pytest.raises(RuntimeError, match="not available"):
        await ctx.background_task(coro := _noop())
    coro.close()  # a refused background task leaves the coroutine to its owner
    try:
        assert (await ctx.http.get(f"{server}/json")).ok
    finally:
        await close_http_clients()


async def _noop():
    return None


def test_as_user_rebinds_the_clients_from_a_system_context():
    async def rpc(service, method, params):
        raise AssertionError("not called")

    ctx = build_worker_context(
        rpc=rpc,
        user_id="__system__",
        app_id="notes",
        tool_type="schedule",
        ext=Extension("notes"),
        now=datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
    )
    bob = ctx.as_user("bob")
    assert bob.user.imperal_id == "bob" and bob.surface == "terminal"
    assert bob.store._acting_user == "bob" and bob.notify._acting_user == "bob"
    assert bob.cache.user_id == "bob" and bob.secrets._imperal_id == "bob"
    assert ctx.time.now_utc == "2026-03-04T10:00:00Z"  # the platform's form, as MockContext


async def test_as_user_reaches_the_other_users_data_only_from_a_system_context(worker_ctx):
    ext = Extension("notes")
    ext.secret("token", description="a token", write_mode="both")
    _, system = worker_ctx(ext, user_id="__system__")
    await system.as_user("bob").secrets.set("token", "bob-token")
    _, bob = worker_ctx(ext, user_id="bob")
    assert await bob.secrets.get("token") == "bob-token"
    _, alice = worker_ctx(ext)
    with pytest.raises(RuntimeError, match="system context"):
        alice.as_user("bob")
    with pytest.raises(PermissionError):
        await alice.secrets.for_user("bob").get("token")
