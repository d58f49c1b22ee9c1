"""Copy a message or a code block: /copy [N], /copy code [N], and the ctrl+o picker. The text
goes to the terminal by OSC 52 and, with no local clipboard tool, to <data_dir>/clipboard.txt."""

from __future__ import annotations

import pytest

from imperal_tui import clipboard
from imperal_tui.clipboard import local_tool as real_local_tool
from imperal_tui.commands.copy import CopyPicker, code_blocks
from imperal_tui.widgets.chat.messages import ErrorLine, ReplyMarkdown

from .conftest import SIZE

FIRST = "Here is a script:\n\n```python\nprint('one')\n```\n\nand more."
SECOND = "Two blocks:\n\n```\nls -l\n```\n\n~~~sh\necho two\n~~~\n"


@pytest.fixture(autouse=True)
def no_local_tool(monkeypatch):
    """No xclip/wl-copy here: the fallback file is used (and the test never touches the
    machine's real clipboard)."""
    monkeypatch.setattr(clipboard, "local_tool", lambda env=None: None)


async def add_reply(app, text: str) -> None:
    reply = await app.chat.add(ReplyMarkdown())
    await reply.add(text)
    await reply.finish()


def test_code_blocks_are_found_without_their_fences():
    assert code_blocks(FIRST) == ["print('one')"]
    assert code_blocks(SECOND) == ["ls -l", "echo two"]
    assert code_blocks("no code `inline` only") == []


async def test_copy_the_last_reply_then_an_earlier_one_and_a_code_block(make_app, settle, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_reply(app, FIRST)
        await add_reply(app, SECOND)
        saved = home / clipboard.FILE_NAME
        for command, expected in [
            ("/copy", SECOND.strip()),
            ("/copy 2", FIRST.strip()),
            ("/copy code", "echo two"),
            ("/copy code 3", "print('one')"),
        ]:
            app.prompt.value = command
            await pilot.press("enter")
            await settle(pilot)
            assert app.clipboard == expected  # what went out by OSC 52
            assert saved.read_text() == expected  # the fallback
        assert saved.stat().st_mode & 0o777 == 0o600
        assert not list(app.query(ErrorLine))


@pytest.mark.parametrize("args", ["0", "x", "2 3", "code -1"])
async def test_bad_arguments_copy_nothing_and_say_how(make_app, settle, submit, home, args):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_reply(app, FIRST)
        await submit(pilot, f"/copy {args}")
        (error,) = app.query(ErrorLine)
        assert "/copy [N]" in str(error.render())
        assert app.clipboard == "" and not (home / clipboard.FILE_NAME).exists()


async def test_a_number_past_the_last_reply_says_so(make_app, settle, submit, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/copy 4")
        (error,) = app.query(ErrorLine)
        assert "no reply number 4" in str(error.render())
        assert not (home / clipboard.FILE_NAME).exists()


async def test_the_picker_lists_messages_newest_first_and_enter_copies(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await add_reply(app, FIRST)
        await pilot.press("ctrl+o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, CopyPicker)
        kinds = [item.kind for item in picker.items]
        assert kinds[:2] == ["code", "reply"] and "you" in kinds
        await pilot.press("down", "enter")  # the reply, below its code block
        await settle(pilot)
        assert app.screen is not picker
        assert app.clipboard == FIRST.strip()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("escape")  # closes, copies nothing new
        await pilot.pause()
        assert not isinstance(app.screen, CopyPicker) and app.prompt.has_focus
        assert app.clipboard == FIRST.strip()


async def test_a_local_tool_takes_it_when_there_is_one(make_app, settle, home, tmp_path):
    tool = tmp_path / "fake-copy"
    out = tmp_path / "out.txt"
    tool.write_text(f"#!/bin/sh\ncat > {out}\n")
    tool.chmod(0o755)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = await clipboard.copy(app, "hello", home, tool=[str(tool)])
        assert out.read_text() == "hello"
        assert "fake-copy" in said and not (home / clipboard.FILE_NAME).exists()


def test_the_tool_is_chosen_from_the_display_there_is(monkeypatch):
    installed = {"xclip": "/usr/bin/xclip", "wl-copy": "/usr/bin/wl-copy"}
    monkeypatch.setattr(clipboard.shutil, "which", installed.get)
    monkeypatch.setattr(clipboard.sys, "platform", "linux")
    assert real_local_tool({}) is None  # no display: nothing to talk to
    assert real_local_tool({"DISPLAY": ":0"}) == ["/usr/bin/xclip", "-selection", "clipboard"]
    assert real_local_tool({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == [
        "/usr/bin/wl-copy"
    ]
