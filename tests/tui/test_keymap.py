"""The keymap in config.toml: `[keys] action = "key"` rebinds the shell's actions at start;
entries that cannot be honoured keep their default and are named in one warning."""

from __future__ import annotations

import pytest

from imperal_tui.keymap import check, key_problem
from imperal_tui.widgets.chat.messages import NoteLine

from .conftest import SIZE

DEFAULTS = {"approve_card": "ctrl+y", "deny_card": "ctrl+n", "quit": "ctrl+q", "help": "f1"}


def write_keys(home, body: str) -> None:
    (home / "config.toml").write_text("[keys]\n" + body)


def warnings(app) -> list[str]:
    return [str(w.render()) for w in app.query(NoteLine) if w.has_class("-warning")]


@pytest.mark.parametrize("key", ["ctrl+y", "alt+a", "f5", "escape", "ctrl+shift+up", "super+k"])
def test_keys_that_can_be_bound(key):
    assert key_problem(key) is None


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("y", "typing"),
        ("shift+y", "typing"),
        ("enter", "typing"),
        ("space", "typing"),
        ("ctrl+j", "typing"),  # the prompt's newline
        ("ctrl+m", "typing"),  # what Enter sends
        ("alt+enter", "typing"),
        ("ctrl+", "not a key"),
        ("ctrl+bogus", "not a key"),
        ("hyperspace+y", "not a key"),
        ("ctrl+ctrl+y", "not a key"),
    ],
)
def test_keys_that_cannot(key, why):
    assert why in key_problem(key)


def test_check_keeps_the_good_and_names_the_bad():
    keymap, problems = check(
        {"approve_card": "ctrl+o", "deny_card": "n", "frobnicate": "ctrl+f", "help": 5}, DEFAULTS
    )
    assert keymap == {"approve_card": "ctrl+o"}
    assert len(problems) == 3
    assert any(p.startswith("deny_card = 'n'") for p in problems)
    assert any(p.startswith("frobnicate: unknown") for p in problems)
    assert any(p.startswith("help = 5") for p in problems)


def test_a_key_two_actions_would_share_is_refused():
    keymap, problems = check({"approve_card": "ctrl+n"}, DEFAULTS)  # deny_card's key
    assert keymap == {}
    assert problems == ["approve_card: 'ctrl+n' is already approve_card and deny_card's key"]
    keymap, problems = check({"approve_card": "ctrl+n", "deny_card": "ctrl+y"}, DEFAULTS)
    assert keymap == {"approve_card": "ctrl+n", "deny_card": "ctrl+y"}  # a swap is fine
    assert problems == []


async def test_a_rebound_key_approves_the_card_and_the_old_one_no_longer_does(
    make_app, settle, submit, home, chat_text
):
    write_keys(home, 'approve_card = "f6"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert warnings(app) == []
        await submit(pilot, "create a note titled Victim")
        await submit(pilot, "delete the note Victim")
        queue = app.query_one("#cards")
        queue.arm_delay = 0  # no half second of reading in a test
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "Deleted note" not in chat_text(app) and len(queue) == 1
        await pilot.press("f6")
        await settle(pilot)
        assert "Deleted note" in chat_text(app)


async def test_bad_entries_give_one_warning_and_keep_the_defaults(make_app, settle, home):
    write_keys(home, 'approve_card = "y"\nnope = "ctrl+x"\nhelp = "f5"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (warning,) = warnings(app)
        assert "config.toml [keys]: kept the default for" in warning
        assert "approve_card = 'y'" in warning and "nope: unknown" in warning
        assert "help = " not in warning
        await pilot.press("f5")  # the good entry was applied
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
