"""Multi-line input: Enter sends; shift+enter, alt+enter and ctrl+j break the line (also as
the bytes tmux sends); the prompt grows from 1 to 8 lines; Up/Down walk the history only from
the first/last line."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from imperal_tui.terminal_keys import install
from imperal_tui.widgets.chat.prompt import MAX_LINES, NEWLINE_KEYS

from .conftest import SIZE


def keys_from_bytes(data: str) -> list[str]:
    install()
    parser = XTermParser()
    return [e.key for e in [*parser.feed(data), *parser.feed("")] if hasattr(e, "key")]


def test_what_tmux_sends_is_read_as_a_newline_key():
    assert keys_from_bytes("\x1b\r") == ["alt+enter"]  # alt+enter in tmux and xterm
    assert keys_from_bytes("\n") == ["ctrl+j"]  # ctrl+j
    assert keys_from_bytes("\x1b[13;2u") == ["shift+enter"]  # kitty protocol
    # tmux with extended-keys on, xterm's modifyOtherKeys form of shift+enter
    assert keys_from_bytes("\x1b[27;2;13~")[0] in NEWLINE_KEYS
    assert keys_from_bytes("\r") == ["enter"]  # a plain Enter still sends
    assert keys_from_bytes("\x1b") == ["escape"]  # and Esc alone is still Esc


async def test_newline_keys_break_the_line_and_enter_sends_it_all(make_app, settle, chat_text):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"add a task", "shift+enter", *"buy", "alt+enter", "ctrl+j", *"milk")
        assert app.prompt.value == "add a task\nbuy\n\nmilk"
        seen = []
        app.prompt.input_history.add = lambda line: seen.append(line) or True
        await pilot.press("enter")
        await settle(pilot)
        assert seen == ["add a task\nbuy\n\nmilk"]
        assert app.prompt.value == ""
        assert "› add a task\nbuy\n\nmilk" in chat_text(app)


async def test_the_prompt_grows_to_eight_lines_then_scrolls(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        border = 2
        assert app.prompt.outer_size.height == 1 + border
        app.prompt.value = "one\ntwo\nthree"
        await pilot.pause()
        assert app.prompt.outer_size.height == 3 + border
        app.prompt.value = "\n".join(str(n) for n in range(20))
        await pilot.pause()
        assert app.prompt.outer_size.height == MAX_LINES + border
        app.prompt.clear()
        await pilot.pause()
        assert app.prompt.outer_size.height == 1 + border


async def test_up_and_down_move_inside_the_text_before_walking_the_history(
    make_app, settle, submit
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/theme")
        app.prompt.value = "first\nsecond"  # the cursor is at the end of "second"
        await pilot.press("up")
        assert app.prompt.value == "first\nsecond"
        assert app.prompt.cursor_location[0] == 0  # moved up a line
        await pilot.press("up")  # on the first line: the history
        assert app.prompt.value == "/theme"
        await pilot.press("down")  # back to the draft
        assert app.prompt.value == "first\nsecond"


async def test_a_multi_line_paste_stays_in_the_prompt(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(events.Paste("a\nb"))  # as the driver does
        await pilot.pause()
        assert app.prompt.value == "a\nb"
        assert len(app.chat.children) == 1  # the welcome line only: nothing was sent
