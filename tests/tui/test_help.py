"""F1 help: wrapped to the terminal (nothing cut off at 80 columns) and naming the card keys
as they are, also after `[keys]` changed them."""

from __future__ import annotations

from imperal_tui.commands.help import HelpScreen, help_text


def test_help_wraps_to_the_width_and_names_the_card_keys():
    text = help_text(None, 74)
    assert max(len(line) for line in text.splitlines()) <= 74
    assert "ctrl+y / ctrl+n" in text
    assert "typing never answers a card" in " ".join(text.split())


async def test_f1_shows_remapped_card_keys_at_80x24(home, make_app, settle):
    (home / "config.toml").write_text('[keys]\napprove_card = "f6"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-text").render())
        assert "f6 / ctrl+n" in shown
        assert max(len(line) for line in shown.splitlines()) <= 74


def test_help_names_every_remapped_key_as_it_is_now():
    """Not only the card keys: any key `[keys]` changed shows with its new value."""

    class Keyed:
        _keymap = {"palette": "f4", "help": "f9", "toggle_focus": "ctrl+g", "quit": "ctrl+x"}

    text = help_text(Keyed(), 200)
    lines = text.splitlines()
    assert any(line.split()[:1] == ["f4"] and "palette" in line for line in lines)
    assert any(line.split()[:1] == ["f9"] and "this help" in line for line in lines)
    assert any(line.split()[:1] == ["ctrl+g"] and "panels" in line for line in lines)
    assert "ctrl+p" not in text and "ctrl+l" not in text
    assert "(as ctrl+x)" in text
