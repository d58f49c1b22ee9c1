"""`imperal-shell dev PATH`: the TUI with a development extension loaded on top of the installed
ones, reloaded on change while the chat, the session and the panels stay up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from imperal_tui.app import ShellApp
from kernel.config import KernelConfig

SIZE = (100, 30)
SHELL = Path(sys.executable).parent / "imperal-shell"

V1 = """
from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from pydantic import BaseModel

ext = Extension("devext", version="1.0.0", display_name="Dev")
chat = ChatExtension(ext, "devext", "A development extension")


class Empty(BaseModel):
    pass


@chat.function("hello", action_type="read", description="Says hello, the first version.")
async def hello(ctx, params: Empty) -> ActionResult:
    return ActionResult.success(data={"said": "hello"}, summary="devext said hello")


@ext.panel("status", slot="left", title="Dev status")
async def status_panel(ctx, **kwargs):
    return ui.Stack([ui.Text("panel version one")])
"""

V2 = (
    V1.replace("panel version one", "panel version two")
    + """

@chat.function("bye", action_type="read", description="Says goodbye, added in version two.")
async def bye(ctx, params: Empty) -> ActionResult:
    return ActionResult.success(data={"said": "bye"}, summary="devext said bye")
"""
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("IMPERAL_SHELL_CONFIRM", raising=False)
    return tmp_path / "home"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "work" / "devext"
    root.mkdir(parents=True)
    (root / "main.py").write_text(V1, encoding="utf-8")
    return root


def make_app(home: Path, folder: Path, *, watch: bool) -> ShellApp:
    return ShellApp(
        KernelConfig.load(home=home),
        "tester",
        extra_extensions=[folder],
        watch_paths=[folder] if watch else [],
    )


def chat_text(app: ShellApp) -> str:
    from imperal_tui.widgets.chat.messages import ReplyMarkdown

    return "\n".join(
        w.text if isinstance(w, ReplyMarkdown) else str(w.render()) for w in app.chat.children
    )


def panel_text(app: ShellApp, app_id: str) -> str:
    return "\n".join(
        str(w.render()) for v in app.panels.views() if v.app_id == app_id for w in v.query("*")
    )


async def wait_until(pilot, predicate: Callable[[], object], what: str, *, every=None, timeout=15):
    """Pump the app until `predicate()` holds; `every()` runs about twice a second meanwhile."""
    deadline = time.monotonic() + timeout
    nudged = 0.0
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        if every is not None and time.monotonic() - nudged > 0.5:
            every()
            nudged = time.monotonic()
        await pilot.pause(0.02)


async def submit(pilot, text: str) -> None:
    pilot.app.prompt.value = text
    pilot.app.prompt.focus()
    await pilot.press("enter")
    await pilot.app.wait_idle()
    await pilot.pause()


async def test_reload_keeps_the_chat_and_makes_the_new_function_callable(home, folder) -> None:
    app = make_app(home, folder, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_idle()
        # the resident kernel never loads a development folder: dev runs its kernel in-process
        assert app.client.host.kernel is not None
        await wait_until(pilot, lambda: "panel version one" in panel_text(app, "devext"), "panel")
        await submit(pilot, "devext.hello")
        assert "devext said hello" in chat_text(app)
        session = app.session

        (folder / "main.py").write_text(V2, encoding="utf-8")
        await app.reload_extension(folder)
        await pilot.pause()

        text = chat_text(app)
        assert "devext.hello" in text and "devext said hello" in text  # earlier turn kept
        assert "reloaded devext (2 functions)" in text
        assert app.session is session
        assert "panel version two" in panel_text(app, "devext")
        assert {p.app_id for p in await app.client.panels()} >= {"devext", "tasks"}

        await submit(pilot, "devext.bye")
        assert "devext said bye" in chat_text(app)


async def test_broken_edit_shows_file_and_line_and_keeps_the_old_version(home, folder) -> None:
    app = make_app(home, folder, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_idle()
        await submit(pilot, "devext.hello")
        (folder / "main.py").write_text(V2 + "\nthis is not python\n", encoding="utf-8")
        await app.reload_extension(folder)
        await pilot.pause()

        text = chat_text(app)
        line = (V2 + "\nthis is not python\n").splitlines().index("this is not python") + 1
        assert "reload failed, the previous version keeps running" in text
        assert f"main.py:{line}" in text
        assert "devext said hello" in text

        await submit(pilot, "devext.hello")
        assert chat_text(app).count("devext said hello") == 2
        assert [
            f.name
            for e in await app.client.extensions()
            if e.app_id == "devext"
            for f in e.functions
        ] == ["hello"]


async def test_file_change_triggers_the_reload_through_the_watcher(home, folder) -> None:
    app = make_app(home, folder, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_idle()
        await submit(pilot, "devext.hello")
        await wait_until(pilot, lambda: "dev: watching" in chat_text(app), "the watcher")

        def edit() -> None:  # rewritten until seen: the watcher may start just after an edit
            (folder / "main.py").write_text(V2, encoding="utf-8")

        await wait_until(
            pilot, lambda: "reloaded devext (2 functions)" in chat_text(app), "reload", every=edit
        )
        await app.wait_idle()
        assert "devext said hello" in chat_text(app)
        await submit(pilot, "devext.bye")
        assert "devext said bye" in chat_text(app)


def run_dev(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, IMPERAL_SHELL_HOME=str(tmp_path / "home"), IMPERAL_SHELL_SERVER="0")
    return subprocess.run(
        [str(SHELL), "dev", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_dev_without_a_terminal_is_a_usage_error(tmp_path: Path, folder: Path) -> None:
    done = run_dev(tmp_path, str(folder))
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    assert "imperal-shell test" in done.stderr


@pytest.mark.parametrize("name", ["nowhere", "empty"])
def test_dev_on_a_folder_that_is_not_an_extension(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty").mkdir()
    done = run_dev(tmp_path, str(tmp_path / name))
    assert done.returncode == 2
    assert ("no such directory" if name == "nowhere" else "has no main.py") in done.stderr
