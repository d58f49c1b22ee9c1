"""`imperal-shell web [--host 127.0.0.1] [--port 8421] [--allow-remote]`: the TUI in a browser.

textual-serve does the terminal part: the page (xterm.js), a websocket per browser tab, and a
child process per websocket running the TUI with Textual's web driver
(imperal_tui/web_session.py). This module puts a session token (kernel/tokens.py) in front of
it, because a browser is a client that does not come through the private socket:

- `GET /?token=TOKEN` verifies the token, sets it as an HttpOnly, SameSite=Strict cookie and
  redirects to `/` (the token leaves the address bar and history). `GET /` without a valid
  cookie answers 401 with the reason and a form to paste a token (`POST /login`).
- `GET /ws` verifies the cookie again before any process starts (the page may be older than
  a revocation); the session's TUI runs as the token's user. A cross-origin websocket
  (an `Origin` other than the page's) is refused; so is a `Host` that is not a loopback name
  while serving on loopback (DNS rebinding).
- While a session runs, its token is checked again every `recheck_s` seconds: once revoked or
  expired, the websocket closes (code 4401) and its TUI quits.

Expired, revoked, forged, unknown or malformed tokens: 401 with a clear message, nothing
started. Only loopback addresses are served unless `--allow-remote` (then it is plain HTTP:
put a TLS proxy in front, or tokens travel in clear).
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import logging
import re
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kernel import tokens

COOKIE = "imperal_session"
LOOPBACK_NAMES = ("localhost",)
RECHECK_S = 30.0
WS_CLOSE_UNAUTHORIZED = 4401
_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# The page talks to this server only: textual-serve's template also asks fonts.googleapis.com
# for a font, which this blocks (the terminal falls back to a local monospace font).
_PAGE_POLICY = (
    "default-src 'self'; connect-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback IP addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, port: int, allow_remote: bool) -> None:
    """ValueError when the address may not be served."""
    if not 1 <= port <= 65535:
        raise ValueError(f"--port {port} is not a TCP port (1-65535)")
    if not host or not (is_loopback(host) or allow_remote):
        raise ValueError(
            f"--host {host!r} is not a loopback address; the TUI is served on 127.0.0.1 "
            "unless --allow-remote says otherwise (plain HTTP: put TLS in front)"
        )


class RedactTokens(logging.Filter):
    """Keeps tokens out of the server's log: aiohttp's access log line quotes the request
    path, and the first load carries `?token=`."""

    PATTERN = re.compile(r"(token=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "token=" in text:
            record.msg, record.args = self.PATTERN.sub(r"\1[redacted]", text), None
        return True


class TokenGate:
    """Whether a token may open (or keep) a session now: kernel/tokens.py `verify` against
    this data dir's database, so a revocation counts from the next check on."""

    def __init__(self, db_path: Path, key: bytes, clock: Callable[[], float] = time.time):
        self.db_path = Path(db_path)
        self.key = key
        self.clock = clock

    def check(self, token: str | None) -> tokens.TokenRecord:
        if not token:
            raise tokens.TokenRejected(
                "no session token: run `imperal-shell token create` and open this page with "
                "?token=TOKEN, or paste the token below"
            )
        return tokens.verify(self.db_path, self.key, token, now=self.clock())


def session_command(user: str, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for one session of `user` (already verified)."""
    tokens.check_user(user)
    return f"{shlex.quote(python)} -m imperal_tui.web_session {shlex.quote(user)}"


def _login_page(reason: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>imperal-shell: token needed</title></head>
<body style="font-family: monospace; background: #0c181f; color: #e0e0e0; padding: 2em">
<h1>401: a session token is needed</h1>
<p id="reason">{html.escape(reason)}</p>
<form method="post" action="/login">
<label>Token <input name="token" type="password" size="60" autocomplete="off"></label>
<button type="submit">Open the shell</button>
</form>
<p>Create one with <code>imperal-shell token create [--user NAME] [--ttl 8h]</code>.</p>
</body></html>
"""


def make_server(gate: TokenGate, host: str, port: int, *, recheck_s: float = RECHECK_S) -> Any:
    """The aiohttp/textual-serve server (imported here: `--help` does not pay for aiohttp)."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class ShellServer(Server):
        """textual-serve's server with the token gate in front of every page and session."""

        def __init__(self) -> None:
            super().__init__(
                "imperal-shell", host=host, port=port, title="imperal-shell",
                templates_path="templates", statics_path="static",
            )  # fmt: skip

        def initialize_logging(self) -> None:
            super().initialize_logging()
            logging.getLogger("aiohttp.access").addFilter(RedactTokens())

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.post("/login", self.handle_login, name="login"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ])  # fmt: skip
            app.on_startup.append(self.on_startup)
            return app

        async def on_startup(self, app: web.Application) -> None:
            url = f"http://{host}:{port}/"
            print(
                f"imperal-shell web: serving the TUI on {url} (Ctrl+C stops)\n"
                f"open {url}?token=TOKEN with a token from `imperal-shell token create`",
                file=sys.stderr,
                flush=True,
            )

        def _refuse_host(self, request: web.Request) -> None:
            if is_loopback(host) and not is_loopback(request.url.host or ""):
                raise web.HTTPForbidden(text="unexpected Host header for a loopback server\n")

        def _unauthorized(self, reason: str) -> web.Response:
            return web.Response(
                status=401, text=_login_page(reason), content_type="text/html",
                headers={**_NO_STORE, "Content-Security-Policy": _PAGE_POLICY},
            )  # fmt: skip

        def _admit(self, request: web.Request, token: str) -> web.Response:
            try:
                record = gate.check(token)
            except tokens.TokenRejected as exc:
                return self._unauthorized(str(exc))
            response = web.Response(status=303, headers={**_NO_STORE, "Location": "/"})
            max_age = max(1, int(record.expires - gate.clock()))
            response.set_cookie(
                COOKIE, token, max_age=max_age, httponly=True, samesite="Strict", path="/"
            )
            return response

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            import aiohttp_jinja2

            self._refuse_host(request)
            if "token" in request.query:
                return self._admit(request, request.query["token"])
            try:
                gate.check(request.cookies.get(COOKIE))
            except tokens.TokenRejected as exc:
                return self._unauthorized(str(exc))
            context = {
                "font_size": _int(request.query.get("fontsize"), 16, 6, 64),
                "app_websocket_url": f"ws://{request.host}/ws",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": "imperal-shell"},
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers.update({**_NO_STORE, "Content-Security-Policy": _PAGE_POLICY})
            return response

        async def handle_login(self, request: web.Request) -> web.StreamResponse:
            self._refuse_host(request)
            form = await request.post()
            token = form.get("token")
            return self._admit(request, token.strip() if isinstance(token, str) else "")

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            self._refuse_host(request)
            try:
                gate.check(request.cookies.get(COOKIE))
            except tokens.TokenRejected as exc:
                return self._unauthorized(str(exc))
            return await super().handle_download(request)

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            self._refuse_host(request)
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                raise web.HTTPForbidden(text="cross-origin session refused\n")
            token = request.cookies.get(COOKIE)
            try:
                record = gate.check(token)
            except tokens.TokenRejected as exc:
                raise web.HTTPUnauthorized(text=f"{exc}\n", headers=_NO_STORE) from None
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            service = AppService(
                session_command(record.user),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            width = _int(request.query.get("width"), 80, 10, 500)
            height = _int(request.query.get("height"), 24, 5, 300)
            watch = asyncio.create_task(self._watch(websocket, token or ""))
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            finally:
                watch.cancel()
                await service.stop()
                await websocket.close()
            return websocket

        async def _watch(self, websocket: web.WebSocketResponse, token: str) -> None:
            """Close the session once its token is revoked or expired."""
            while not websocket.closed:
                await asyncio.sleep(recheck_s)
                try:
                    gate.check(token)
                except tokens.TokenRejected as exc:
                    message = str(exc).encode()[:120]
                    await websocket.close(code=WS_CLOSE_UNAUTHORIZED, message=message)
                    return

    return ShellServer()


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(text or default)))
    except ValueError:
        return default


def run(args) -> int:
    """`imperal-shell web`: check the address, load the signing key, serve until Ctrl+C."""
    from imperal_tui.headless.commands import load_config
    from imperal_tui.headless.usage import UsageError

    try:
        check_bind(args.host, args.port, args.allow_remote)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    config = load_config()
    tokens.ensure_schema(config.db_path)
    key = tokens.signing_key(config.data_dir, config.config_dir, create=True)
    server = make_server(TokenGate(config.db_path, key), args.host, args.port)
    server.serve()
    return 0
