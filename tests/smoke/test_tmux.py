"""Drive the real `imperal-shell` program in tmux at 80x24: type requests, read the screen.

This is the closest a test gets to a person at a terminal: the installed console script, a
real pty, real key sequences, no mouse.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

SCRIPT = Path(sys.executable).parent / "imperal-shell"


class Terminal:
    """One tmux server of our own (its own socket), one 80x24 window running a command."""

    def __init__(self, command: str, env: dict[str, str]):
        self.socket = f"imperal-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.tmux(
            "new-session", "-d", "-s", "shell", "-x", "80", "-y", "24",
            f"env {exports} {command}",
        )  # fmt: skip

    def tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "shell").stdout

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "shell", "-l", text)

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "shell", *keys)

    def wait_for(self, *needles: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(n in screen for n in needles):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{needles} not on screen after {timeout}s:\n{screen}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "shell").returncode == 0

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path):
    assert SCRIPT.exists(), f"the console script is not installed: {SCRIPT}"
    env = {
        "IMPERAL_SHELL_HOME": str(tmp_path),
        "IMPERAL_SHELL_SERVER_IDLE": "5",
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    term = Terminal(f"{shlex.quote(str(SCRIPT))} --user tester", env)
    yield term
    term.close()


def panel_column(screen: str) -> str:
    """The left 29 columns: what the panels show."""
    return "\n".join(line[:29] for line in screen.splitlines())


def test_real_program_chat_panel_card_and_quit(terminal):
    terminal.wait_for("LLM: offline router", "Nothing to do", "No notes yet")

    terminal.type("add a task buy milk")
    terminal.press("Enter")
    screen = terminal.wait_for("Added task “buy milk”", "1 open")
    assert "buy milk" in panel_column(screen)

    terminal.type("create a note titled Groceries")
    terminal.press("Enter")
    screen = terminal.wait_for("Created note “Groceries”", "1 total")
    assert "Groceries" in panel_column(screen)

    terminal.type("delete the note Groceries")
    terminal.press("Enter")
    screen = terminal.wait_for("y confirm · n/Esc deny", "y Confirm")
    assert "delete_note" in screen and "digest" in screen
    terminal.press("Enter")  # never approves
    time.sleep(0.5)  # past the card's grace period: the next key is a real answer
    assert "Deleted note" not in terminal.screen()
    terminal.press("y")
    screen = terminal.wait_for("Deleted note “Groceries”", "No notes yet")
    assert "Traceback" not in screen

    terminal.press("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "imperal-shell did not exit on ctrl+q"
