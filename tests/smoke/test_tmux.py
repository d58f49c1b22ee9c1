"""Drive the real `imperal-shell` program in tmux at 80x24: type requests (one of several lines),
read the screen, approve a card with ctrl+y, cancel with Esc, quit with ctrl+q.

This is the closest a test gets to a person at a terminal: the installed console script, a
real pty, real key sequences, no mouse, and the resident kernel it starts (as by default).
"""

from __future__ import annotations

import json
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

    def wait_gone(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while needle in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} still on screen after {timeout}s:\n{screen}")
            time.sleep(0.1)
        return screen

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "shell").returncode == 0

    def close(self) -> None:
        self.tmux("kill-server")


# A user extension that takes its time, to cancel it from the keyboard.
SLOW = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("slow", version="1.0.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Deliberately slow, for tests")


class Put(BaseModel):
    title: str


class Nothing(BaseModel):
    pass


@chat.function("slow_put", action_type="write", description="Stores an item, then waits.")
async def slow_put(ctx, params: Put) -> ActionResult:
    await ctx.store.create("items", {"title": params.title})
    await ctx.progress(50, "stored, waiting")
    await asyncio.sleep(60)
    return ActionResult.success({}, summary="put it")


@chat.function("list_items", action_type="read", description="Lists the stored items.")
async def list_items(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("items")
    return ActionResult.success(data={"titles": [d.data["title"] for d in page.data]}, summary="")
"""


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    folder = tmp_path / "extensions" / "slow"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLOW)
    return {
        "IMPERAL_SHELL_HOME": str(tmp_path),
        "IMPERAL_SHELL_SERVER_IDLE": "5",
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }


@pytest.fixture
def terminal(env):
    assert SCRIPT.exists(), f"the console script is not installed: {SCRIPT}"
    term = Terminal(f"{shlex.quote(str(SCRIPT))} --user tester", env)
    yield term
    term.close()


def shell(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`imperal-shell ARGS --user tester` from another terminal, on the same data dir."""
    return subprocess.run(
        [str(SCRIPT), *args, "--user", "tester"],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def panel_column(screen: str) -> str:
    """The left 29 columns: what the panels show."""
    return "\n".join(line[:29] for line in screen.splitlines())


def quit_program(terminal: Terminal) -> None:
    terminal.press("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "imperal-shell did not exit on ctrl+q"


def test_real_program_chat_panel_card_and_quit(terminal):
    # the first start scans the extensions in workers: slow on a busy machine
    # notes and tasks share the left slot: tabs, Notes in front; a changed panel comes forward
    terminal.wait_for("LLM: offline router", "Notes", "Tasks", "No notes yet", timeout=60)

    terminal.type("add a task buy milk")
    terminal.press("Enter")
    screen = terminal.wait_for("Added task “buy milk”", "1 open")
    assert "buy milk" in panel_column(screen)

    # Multi-line input: alt+enter (tmux sends ESC CR) and ctrl+j (LF) break the line; Enter
    # sends the three lines as one request.
    terminal.type("first line")
    terminal.press("M-Enter")
    terminal.type("second line")
    terminal.press("C-j")
    terminal.type("third line")
    screen = terminal.wait_for("third line")
    rows = screen.splitlines()
    at = next(i for i, row in enumerate(rows) if "first line" in row)
    assert "second line" in rows[at + 1] and "third line" in rows[at + 2], screen
    assert "› first line" not in screen  # not sent yet
    terminal.press("Enter")
    screen = terminal.wait_for("› first line")
    rows = screen.splitlines()
    at = next(i for i, row in enumerate(rows) if "› first line" in row)
    assert "second line" in rows[at + 1] and "third line" in rows[at + 2], screen

    terminal.type("create a note titled Groceries")
    terminal.press("Enter")
    screen = terminal.wait_for("Created note “Groceries”", "1 total")
    assert "Groceries" in panel_column(screen)

    terminal.type("delete the note Groceries")
    terminal.press("Enter")
    screen = terminal.wait_for("ctrl+y approve · ctrl+n deny", "Approve card")
    assert "delete_note" in screen and "digest" in screen
    terminal.type("show my notes")  # typing never approves (the "y" in "my" once did)
    terminal.press("Enter")
    screen = terminal.wait_for("› show my notes", "1 note")
    assert "Deleted note" not in screen and "card 1 of 1" in screen
    time.sleep(0.6)  # past the card's first half second on show, when ctrl+y is ignored
    terminal.press("C-y")
    screen = terminal.wait_for("Deleted note “Groceries”", "No notes yet")
    assert "Traceback" not in screen

    quit_program(terminal)


def test_real_program_sees_another_terminal_and_esc_cancels(terminal, env):
    terminal.wait_for("LLM: offline router", "No notes yet", timeout=60)

    done = shell(env, "call", "tasks.add_task", "--args", '{"title": "from elsewhere"}')
    assert done.returncode == 0, done.stderr
    returned = time.monotonic()
    screen = terminal.wait_for("from elsewhere", "1 open", timeout=10)
    assert time.monotonic() - returned < 1.5  # within a second, plus polling the pane
    assert "from elsewhere" in panel_column(screen)

    terminal.type('slow.slow_put title="never"')
    terminal.press("Enter")
    screen = terminal.wait_for("stored, waiting", "esc Cancel")
    terminal.press("Escape")
    terminal.wait_for("cancelled: nothing was changed")
    terminal.wait_gone("esc Cancel")  # nothing runs any more
    listed = shell(env, "call", "slow.list_items", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["steps"][0]["data"]["titles"] == [], listed.stdout
    quit_program(terminal)
