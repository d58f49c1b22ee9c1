"""Driving `imperal-shell web` in the system Chromium (playwright only as the driver, never a
downloaded browser): used by tests/web/test_web_chromium.py and benchmarks/web_session.py.

The terminal draws on a canvas, so its text is read from the websocket stream the page
receives (the TUI's terminal output, escape sequences removed).
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from pathlib import Path

from kernel import tokens

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
WAIT_S = 90.0  # a ceiling for a slow, busy machine; nothing here asserts speed


def unavailable() -> str | None:
    """Why Chromium cannot be driven here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not os.access(CHROMIUM, os.X_OK):
        return "no chromium (apt-get install chromium; .ci/run does when apt works)"
    return None


def home_env(home: Path) -> dict[str, str]:
    """The environment of a server on `home`: vault secrets, in-process kernel, offline model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(
        IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SECRETS="vault",
        IMPERAL_SHELL_SERVER="0", IMPERAL_SHELL_LLM="offline",
    )  # fmt: skip
    return env


@contextlib.contextmanager
def chromium(profile_dir: Path, size: tuple[int, int] = (1000, 640)) -> Iterator:
    """A browser context on a fresh user-data-dir."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile_dir),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": size[0], "height": size[1]},
        )
        try:
            yield context
        finally:
            context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url: str) -> int:
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
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = None

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
                if status(self.url + "/") == 401:
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
        if self.log is not None:
            self.log.close()


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
