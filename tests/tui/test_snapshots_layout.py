"""SVG snapshots of the layout: both side slots (tabs when extensions share one) at 80x24 and
120x40, a collapsed sidebar, and a center panel over the chat.

Update after an intended change with
`pytest tests/tui/test_snapshots_layout.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

import pytest

from .layout_fixtures import side_extensions

SMALL, WIDE = (80, 24), (120, 40)


@pytest.fixture
def sides(home):
    side_extensions(home)


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.prompt.cursor_blink = False
        await app.wait_idle()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.wait_idle()
            await pilot.pause()
        await pilot.pause()

    return run_before


def test_80x24_right_slot_shown_with_f3(sides, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_keys("f3"))


def test_80x24_left_collapsed_with_f2(sides, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_keys("f2"))


def test_120x40_left_and_right_slots(sides, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=_keys())


def test_120x40_center_panel_over_the_chat(sides, make_app, snap_compare):
    async def run_before(pilot) -> None:
        await _keys()(pilot)
        pilot.app.prompt.value = "/panel weather.forecast"
        await pilot.press("enter")
        await pilot.app.wait_idle()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run_before)
