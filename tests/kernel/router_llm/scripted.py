"""An OpenAI-compatible server on 127.0.0.1 that answers from a script: each chat request takes
the next reply (a JSON answer for classification, a list of text pieces streamed as SSE, an
HTTP error, a hang, or bytes cut short). Requests are kept for the assertions."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "scripted-1"


class Script:
    def __init__(self) -> None:
        self.replies: deque[Any] = deque()
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        script = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # /v1/models
                self._json(200, {"data": [{"id": MODEL}]})

            def do_POST(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                script.requests.append(body)
                reply = script.replies.popleft() if script.replies else {"status": 500}
                if reply.get("hang"):
                    script.release.wait(30)
                    return
                if "status" in reply:
                    self._json(reply["status"], {"error": {"message": "scripted failure"}})
                elif "raw" in reply:
                    self._raw(reply["raw"])
                elif "stream" in reply:
                    self._stream(reply["stream"])
                else:
                    content = reply["json"]
                    text = content if isinstance(content, str) else json.dumps(content)
                    self._json(200, {
                        "model": MODEL,
                        "choices": [{"message": {"role": "assistant", "content": text},
                                     "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 100, "completion_tokens": 20},
                    })  # fmt: skip

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _raw(self, data: bytes) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, pieces: list[str]) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for piece in pieces:
                    chunk = {"model": MODEL, "choices": [{"delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()  # fmt: skip

    def answer(self, content: Any) -> Script:
        self.replies.append({"json": content})
        return self

    def stream(self, *pieces: str) -> Script:
        self.replies.append({"stream": list(pieces)})
        return self

    def fail(self, status: int = 500) -> Script:
        self.replies.append({"status": status})
        return self

    def hang(self) -> Script:
        self.replies.append({"hang": True})
        return self

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def plan(*steps: dict[str, Any], intent: str = "action", confidence: float = 0.9) -> dict:
    """A classifier answer with `steps` (dicts of app_id, tool, args, ...)."""
    out = []
    for i, step in enumerate(steps):
        out.append({"step_id": f"s{i + 1}", "depends_on": [], "args": {}, **step})
    return {"intent": intent, "confidence": confidence, "language": "en",
            "action_plans": out, "is_destructive": False, "reply": ""}  # fmt: skip


def chat() -> dict:
    return {"intent": "chat", "confidence": 0.9, "language": "en", "action_plans": [],
            "is_destructive": False, "reply": ""}  # fmt: skip
