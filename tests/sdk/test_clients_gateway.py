"""The 6.x gateway clients (`users`, `apps`, `rbac`, `conversations`) and `signals` over real
HTTP against a recording server on 127.0.0.1, and without a gateway (NotAvailableInShell)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sdk import _shared_http
from sdk._gateway import GatewayClient, require
from sdk.apps import AppsClient
from sdk.conversations import ConversationsClient
from sdk.errors import APIError, AuthError, NotAvailableInShell, NotFoundError
from sdk.rbac import RBACClient
from sdk.signals import SignalsClient
from sdk.users import UsersClient


class _Server:
    def __init__(self) -> None:
        self.log: list[tuple[str, str, object, dict]] = []
        self.status = 200
        self.body: object = {"ok": 1}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(n) if n else b""
                server.log.append((self.command, self.path, json.loads(raw) if raw else None,
                                   dict(self.headers)))  # fmt: skip
                out = b"" if server.body is None else json.dumps(server.body).encode()
                self.send_response(server.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
async def gw():
    server = _Server()
    yield server
    server.httpd.shutdown()
    await _shared_http.aclose()


def _client(cls, url):
    return cls(url, service_token="st", user_id="u1", extension_id="ext", tenant_id="t1")


async def test_users_routes_and_identity_headers(gw):
    users = _client(UsersClient, gw.url)
    assert await users.get("u 2") == {"ok": 1}
    await users.list(search="bob", include_inactive=True)
    await users.delete("u2", permanent=True)
    await users.set_active("u2", False)
    await users.update_settings("u2", {"theme": "dark"})
    calls = [(m, p, b) for m, p, b, _ in gw.log]
    assert calls == [
        ("GET", "/v1/users/u%202", None),
        ("GET", "/v1/users?search=bob&include_inactive=true", None),
        ("DELETE", "/v1/users/u2?permanent=true", None),
        ("PATCH", "/v1/users/u2", {"is_active": False}),
        ("PATCH", "/v1/internal/users/u2/settings", {"theme": "dark"}),
    ]
    headers = gw.log[0][3]
    assert headers["X-Service-Token"] == "st"
    assert headers["X-Acting-User"] == "u1"
    assert headers["X-Extension-ID"] == "ext"
    assert headers["X-Tenant-ID"] == "t1"


async def test_apps_rbac_conversations_routes(gw):
    await _client(AppsClient, gw.url).reject("a1", "spam")
    await _client(AppsClient, gw.url).update_settings("a1", {"x": 1}, replace_paths=["x"])
    await _client(RBACClient, gw.url).update_role("r1", title="Ops")
    await _client(ConversationsClient, gw.url).list(limit=5)
    await _client(ConversationsClient, gw.url).update("c1", title="T")
    calls = [(m, p, b) for m, p, b, _ in gw.log]
    assert calls == [
        ("POST", "/v1/admin/apps/a1/reject", {"reason": "spam"}),
        ("PUT", "/v1/internal/config/app/a1", {"config": {"x": 1}, "replace_paths": ["x"]}),
        ("PATCH", "/v1/roles/r1?cascade=false", {"title": "Ops"}),
        ("GET", "/v1/conversations?limit=5&include_archived=false", None),
        ("PATCH", "/v1/conversations/c1", {"title": "T", "title_generated": False}),
    ]


async def test_http_errors_become_sdk_errors(gw):
    users = _client(UsersClient, gw.url)
    gw.status, gw.body = 404, {"detail": "gone"}
    with pytest.raises(NotFoundError) as nf:
        await users.get("zz")
    assert nf.value.resource == "user" and nf.value.id == "zz"
    gw.status = 403
    with pytest.raises(AuthError, match="gone"):
        await users.get("zz")
    gw.status, gw.body = 500, {"error": "boom"}
    with pytest.raises(APIError) as api:
        await users.get("zz")
    assert api.value.status_code == 500 and api.value.message == "boom"
    gw.status, gw.body = 204, None
    assert await _client(ConversationsClient, gw.url).delete("c1") == {}


async def test_bad_input_is_refused_before_any_request(gw):
    users = _client(UsersClient, gw.url)
    with pytest.raises(ValueError, match="user_id is required"):
        await users.get("")
    with pytest.raises(ValueError, match="at least one of"):
        await _client(ConversationsClient, gw.url).update("c1")
    with pytest.raises(TypeError):
        await _client(AppsClient, gw.url).update_settings("a1", ["not", "a", "dict"])  # type: ignore[arg-type]
    assert gw.log == []


def test_for_user_keeps_everything_but_the_user():
    users = _client(UsersClient, "http://gw.example/")
    other = users.for_user("u9")
    assert type(other) is UsersClient and other.user_id == "u9" and users.user_id == "u1"
    assert other._gateway_url == "http://gw.example" and other._service_token == "st"
    with pytest.raises(ValueError):
        users.for_user("")
    assert require("x", "name") == "x"
    with pytest.raises(ValueError, match="name is required"):
        require(None, "name")


async def test_without_a_gateway_the_call_says_why():
    with pytest.raises(NotAvailableInShell, match="not available in imperal-shell: .*ctx.rbac"):
        await RBACClient("").list_roles()
    assert isinstance(GatewayClient(""), GatewayClient)


async def test_signals_reach_local_subscribers_and_the_gateway(gw):
    signals = SignalsClient(gw.url, "tok")
    heard: list[tuple] = []

    async def async_cb(key, value):
        heard.append(("async", key, value))

    def failing(key, value):
        raise RuntimeError("subscriber bug")

    signals.subscribe("price", lambda k, v: heard.append(("sync", k, v)))
    signals.subscribe("price", failing)
    signals.subscribe("price", async_cb)
    assert await signals.emit("price", 42, source="feed") == {"ok": True, "key": "price"}
    assert heard == [("sync", "price", 42), ("async", "price", 42)]
    method, path, body, headers = gw.log[0]
    assert (method, path, body) == (
        "POST", "/api/v1/signals/emit", {"key": "price", "value": 42, "metadata": {"source": "feed"}}
    )  # fmt: skip
    assert headers["Authorization"] == "Bearer tok"
    gw.status = 500  # a gateway failure is logged, not raised
    assert (await signals.emit("price", 1))["ok"] is True


async def test_signals_refuse_bad_keys_and_callbacks():
    signals = SignalsClient()
    with pytest.raises(ValueError):
        await signals.emit("", 1)
    with pytest.raises(TypeError):
        signals.subscribe("k", "not callable")  # type: ignore[arg-type]
    assert await signals.emit("k", 1) == {"ok": True, "key": "k"}
