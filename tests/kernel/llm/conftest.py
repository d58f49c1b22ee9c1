"""A scripted HTTP server on 127.0.0.1 standing in for Ollama, OpenAI-compatible servers and
Anthropic: each route answers with JSON, raw bytes, a stream written piece by piece, a hang, or
a body cut short. Requests are logged with their JSON bodies and headers."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class Reply:
    def __init__(self, status=200, parts=(), content_type="application/json", delay=0.0,
                 hang=False, declared=None):  # fmt: skip
        self.status = status
        self.parts = [p.encode() if isinstance(p, str) else p for p in parts]
        self.content_type = content_type
        self.delay = delay  # seconds between parts
        self.hang = hang  # wait (until the test ends) before answering
        self.declared = declared  # a content-length larger than what is sent


def json_reply(body: Any, status: int = 200) -> Reply:
    return Reply(status, [json.dumps(body)])


def sse_reply(events: list[Any], delay: float = 0.0, done: bool = False) -> Reply:
    """OpenAI-style `data:` lines (dicts JSON-encoded, strings as they are)."""
    parts = [f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events]
    if done:
        parts.append("data: [DONE]\n\n")
    return Reply(200, parts, "text/event-stream", delay)


def named_sse_reply(events: list[tuple[str, Any]], delay: float = 0.0) -> Reply:
    """Anthropic-style `event:` + `data:` pairs."""
    parts = [f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events]
    return Reply(200, parts, "text/event-stream", delay)


def ndjson_reply(lines: list[Any], delay: float = 0.0) -> Reply:
    parts = [(x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines]
    return Reply(200, parts, "application/x-ndjson", delay)


class FakeServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Reply] = {}
        self.log: list[tuple[str, str, Any, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the body ends when the connection closes

            def _handle(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(n) if n else b""
                body = json.loads(raw) if raw else None
                server.log.append((self.command, self.path, body,
                                   {k.lower(): v for k, v in self.headers.items()}))  # fmt: skip
                reply = server.routes.get((self.command, self.path))
                if reply is None:
                    reply = json_reply({"error": f"no route {self.path}"}, 404)
                if reply.hang:
                    server.release.wait(30)
                    return
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                if reply.declared is not None:
                    self.send_header("content-length", str(reply.declared))
                self.end_headers()
                try:
                    for part in reply.parts:
                        self.wfile.write(part)
                        self.wfile.flush()
                        if reply.delay:
                            time.sleep(reply.delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def bodies(self, path: str) -> list[Any]:
        return [body for _, p, body, _ in self.log if p == path]

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


@pytest.fixture
def dead_url():
    """A URL where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
