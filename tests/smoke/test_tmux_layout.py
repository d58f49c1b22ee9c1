"""The real program in tmux at 80x24: F2 / F3 hide and show the side columns, `]` switches
the left slot's tabs, and the keys arrive through tmux (whose own prefix is ctrl+b)."""

from __future__ import annotations

import pytest

from tests.smoke.test_tmux import TMUX, env, quit_program, terminal  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def left_column(screen: str) -> str:
    return "\n".join(line[:29] for line in screen.splitlines())


def test_f2_f3_and_tab_keys_through_tmux(terminal):  # noqa: F811
    screen = terminal.wait_for("LLM: offline router", "No notes yet", timeout=60)
    assert "Notes" in left_column(screen) and "Tasks" in left_column(screen)

    terminal.press("F2")  # the left column goes: the chat takes the width
    screen = terminal.wait_gone("No notes yet")
    assert "Type a request and press Enter, e.g. “add a task buy milk”" in screen
    terminal.press("F2")
    terminal.wait_for("No notes yet")

    terminal.press("C-l", "]")  # into the left slot, then its next tab
    screen = terminal.wait_for("Nothing to do")
    assert "No notes yet" not in screen
    terminal.press("Escape")

    terminal.press("F3")  # the right column: no extension has one here
    terminal.wait_for("No extension has a right panel.")
    quit_program(terminal)
