"""SVG snapshots of the shell at 80x24 with deterministic data (no ids or times on screen).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

SIZE = (80, 24)


async def _ready(pilot) -> None:
    app = pilot.app
    app.prompt.cursor_blink = False
    await app.wait_idle()
    await pilot.pause()


def _after(*messages: str):
    async def run_before(pilot) -> None:
        await _ready(pilot)
        for message in messages:
            pilot.app.prompt.value = message
            await pilot.press("enter")
            await _ready(pilot)

    return run_before


def test_start_screen(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready)


def test_reply_and_refreshed_panel(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_after("add a task buy milk"))


def test_confirmation_card(make_app, snap_compare):
    # An explicit call with a fixed id: the card's JSON and digest are the same every run.
    run_before = _after('notes.delete_note note_id="n-1"')
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
