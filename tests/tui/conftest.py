"""TUI test fixtures: each test gets its own data dir (its own SQLite file) and an app on it.

The app runs its kernel in-process (IMPERAL_SHELL_SERVER=0) unless a test asks for the
resident kernel: same protocol and client, no kernel process to start per test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from imperal_tui.app import ShellApp
from kernel.config import KernelConfig

SIZE = (80, 24)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_SERVER", "0")
    monkeypatch.delenv("IMPERAL_SHELL_CONFIRM", raising=False)
    return tmp_path


# A user extension that takes its time: something to cancel, or to see promoted to a task.
SLOW = """
import asyncio

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("slow", version="1.0.0", display_name="Slow")
chat = ChatExtension(ext, "slow", "Deliberately slow, for tests")


class Put(BaseModel):
    title: str
    seconds: float = 30.0


class Nothing(BaseModel):
    pass


@chat.function("slow_put", action_type="write", description="Stores an item, then waits.")
async def slow_put(ctx, params: Put) -> ActionResult:
    await ctx.store.create("items", {"title": params.title})
    await ctx.progress(50, "stored, waiting")
    await asyncio.sleep(params.seconds)
    return ActionResult.success(data={"title": params.title}, summary=f"put {params.title}")


@chat.function("list_items", action_type="read", description="Lists the stored items.")
async def list_items(ctx, params: Nothing) -> ActionResult:
    page = await ctx.store.query("items")
    return ActionResult.success(data={"titles": [d.data["title"] for d in page.data]}, summary="")
"""


@pytest.fixture
def slow_extension(home: Path) -> Path:
    """`slow` in the user's extensions dir (`<home>/extensions/slow/main.py`)."""
    folder = home / "extensions" / "slow"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(SLOW)
    return folder


@pytest.fixture
def make_app(home: Path) -> Callable[[], ShellApp]:
    def make(user: str = "tester", **options) -> ShellApp:
        return ShellApp(KernelConfig.load(home=home), user, **options)

    return make


@pytest.fixture
def wait_until():
    """Pump the app until `predicate()` holds; fail with `what` after `timeout` seconds."""

    async def wait(pilot, predicate: Callable[[], object], what: str = "", timeout: float = 10):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or predicate}")
            await pilot.pause(0.01)

    return wait


@pytest.fixture
def settle():
    """Wait for the kernel to be up and every exchange with it to finish, then repaint."""

    async def run(pilot) -> None:
        await pilot.app.wait_idle()
        await pilot.pause()

    return run


@pytest.fixture
def chat_text():
    """The visible text of the chat log: what the user has read."""

    def text(app) -> str:
        from imperal_tui.widgets.chat.messages import ReplyMarkdown

        parts = []
        for widget in app.chat.children:
            if isinstance(widget, ReplyMarkdown):
                parts.append(widget.text)
            else:
                parts.append(str(widget.render()))
        return "\n".join(parts)

    return text


@pytest.fixture
def panel_titles():
    """The row titles a panel shows, e.g. panel_titles(app, "tasks") -> ["buy milk"]."""

    def titles(app, app_id: str) -> list[str]:
        from imperal_tui.renderer.list_view import UiList

        return [
            title
            for view in app.panels.views()
            if view.app_id == app_id
            for rows in view.query(UiList)
            for title in rows.visible_titles()
        ]

    return titles


@pytest.fixture
def submit(settle):
    """Put `text` in the prompt and press Enter (typing key by key is slow), then settle."""

    async def run(pilot, text: str) -> None:
        pilot.app.prompt.focus()
        pilot.app.prompt.value = text
        await pilot.press("enter")
        await settle(pilot)

    return run
