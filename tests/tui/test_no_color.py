"""NO_COLOR (https://no-color.org): with it set, every colour on screen is a grey. Textual
honours it (a Monochrome filter on every line it renders); these tests check that the shell
keeps nothing that escapes that filter, on the start screen and with a card and an error."""

from __future__ import annotations

import re

from .conftest import SIZE

COLOUR = re.compile(r"#([0-9a-fA-F]{6})\b")
# The screenshot's own frame, not the app: the window buttons and the SVG's default text.
FRAME = {"ff5f57", "febc2e", "28c840", "c5c8c6"}


def colours(svg: str) -> set[str]:
    return {m.lower() for m in COLOUR.findall(svg)} - FRAME


def is_grey(hex6: str) -> bool:
    r, g, b = (int(hex6[i : i + 2], 16) for i in (0, 2, 4))
    return max(r, g, b) - min(r, g, b) <= 2  # rounding in the filter


async def screen_colours(make_app, settle, submit) -> tuple[bool, set[str]]:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Victim")
        await submit(pilot, "delete the note Victim")  # a card: warning colours
        await submit(pilot, "/nonsense")  # an error line
        await pilot.pause()
        return app.no_color, colours(app.export_screenshot())


async def test_no_color_makes_every_colour_grey(make_app, settle, submit, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    no_color, found = await screen_colours(make_app, settle, submit)
    assert no_color
    assert found and all(is_grey(c) for c in found), sorted(c for c in found if not is_grey(c))


async def test_without_it_the_same_screen_has_colour(make_app, settle, submit, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    no_color, found = await screen_colours(make_app, settle, submit)
    assert not no_color
    assert any(not is_grey(c) for c in found)
