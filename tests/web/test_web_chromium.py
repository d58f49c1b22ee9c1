"""`imperal-shell web` driven in a real headless Chromium: the served TUI shows its first screen,
takes a typed request and shows the reply; without a valid token the browser gets a 401 and
no TUI starts.

Needs the system `chromium` (Debian package; .ci/run installs it when it can) and the Python
`playwright` package, used only as a driver with `executable_path` (browsers are never
downloaded). Where either is missing, the tests skip saying so.

The terminal draws on a canvas, so its text is read from the websocket stream the page
receives (the TUI's terminal output, escape sequences removed); the screenshot is checked for
not being blank and saved next to the test's tmp dir for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kernel import tokens
from tests.web import pixels

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
WAIT_S = 90.0  # a ceiling for a slow, busy machine; nothing here measures speed

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="the playwright package is not installed"),
    pytest.mark.skipif(
        not os.access(CHROMIUM, os.X_OK),
        reason="no chromium (apt-get install chromium; .ci/run does when apt works)",
    ),
    pytest.mark.timeout(300),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class Served:
    """A running `imperal-shell web` on a temporary home, and how to make tokens for it."""

    def __init__(self, home: Path, env: dict[str, str]):
        self.home = home
        self.env = env
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def token(self, user: str = "alice", ttl: int = 3600, now: float | None = None):
        key = tokens.signing_key(self.home, self.home, create=True)
        return tokens.issue(self.home / "kernel.db", key, user, ttl, now=now)

    def start(self) -> None:
        cmd = [sys.executable, "-m", "imperal_tui", "web", "--port", str(self.port)]
        self.log = open(self.home / "web.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.home / "web.log").read_text()
            try:
                if _status(self.url + "/") == 401:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("the web server did not come up")

    def sessions(self) -> list[str]:
        """The TUI sessions this server started: its children running imperal_tui.web_session
        (textual-serve starts each through `sh -c`, which names the module too)."""
        assert self.proc is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if ppid == self.proc.pid and b"imperal_tui.web_session" in cmdline:
                found.append(cmdline.decode(errors="replace"))
        return found

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture
def served(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(
        IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SECRETS="vault",
        IMPERAL_SHELL_SERVER="0", IMPERAL_SHELL_LLM="offline",
    )  # fmt: skip
    for name, value in env.items():
        if name.startswith("IMPERAL_SHELL_"):
            monkeypatch.setenv(name, value)
    server = Served(home, env)
    yield server
    server.stop()


@pytest.fixture
def browser(tmp_path):
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),  # fresh user-data-dir
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1000, "height": 640},
        )
        try:
            yield context
        finally:
            context.close()


class Terminal:
    """The text a page's terminal received over its websocket, escape sequences removed."""

    def __init__(self, page):
        self.page = page
        self.chunks: list[bytes] = []
        self.sockets = 0
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        self.sockets += 1
        ws.on("framereceived", lambda payload: self.chunks.append(_bytes(payload)))

    def text(self) -> str:
        return ANSI.sub("", b"".join(self.chunks).decode("utf-8", "replace"))

    def wait_for(self, *words: str) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            text = self.text()
            if all(w in text for w in words):
                return text
            self.page.wait_for_timeout(250)  # lets playwright deliver frames meanwhile
        raise AssertionError(f"{words} never appeared; the terminal got: {self.text()[-2000:]!r}")


def _bytes(payload) -> bytes:
    return payload if isinstance(payload, bytes) else b""  # text frames are control (pong)


def test_the_tui_runs_in_chromium_as_the_tokens_user(served, browser, tmp_path):
    issued = served.token(user="alice")
    served.start()
    page = browser.new_page()
    terminal = Terminal(page)
    response = page.goto(f"{served.url}/?token={issued.token}")
    assert response is not None and response.status == 200
    assert page.url == f"{served.url}/"  # the token left the address bar for a cookie
    terminal.wait_for("imperal-shell", "user alice", "offline", "Type a request")
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.type("add a task buy milk")
    page.keyboard.press("Enter")
    terminal.wait_for("Added task", "buy milk", "1 open")
    page.wait_for_timeout(500)  # the last frame painted
    shot = page.screenshot(path=str(tmp_path / "web-tui.png"))
    assert pixels.luminance_variance(shot) > 50, "the screenshot is blank"
    assert len(served.sessions()) == 1


@pytest.mark.parametrize("case", ["none", "expired", "revoked", "forged"])
def test_without_a_valid_token_the_browser_gets_401_and_no_tui(served, browser, case):
    issued = served.token(now=time.time() - 7200 if case == "expired" else None)
    if case == "revoked":
        tokens.revoke(served.home / "kernel.db", issued.record.id)
    token = {
        "none": "",
        "forged": tokens.issue(served.home / "other.db", b"f" * 32, "alice", 600).token,
    }.get(case, issued.token)
    served.start()
    page = browser.new_page()
    terminal = Terminal(page)
    response = page.goto(f"{served.url}/?token={token}" if token else f"{served.url}/")
    assert response is not None and response.status == 401
    reason = page.locator("#reason").inner_text()
    expected = {
        "none": "no session token",
        "expired": "expired at",
        "revoked": "revoked at",
        "forged": "signature does not verify",
    }[case]
    assert expected in reason
    page.wait_for_timeout(1000)
    assert terminal.sockets == 0 and served.sessions() == []
    assert page.locator(".xterm-helper-textarea").count() == 0
