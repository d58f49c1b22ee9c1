"""SVG snapshots of the shell at 80x24 with deterministic data (no ids or times on screen).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

import time

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


async def _wait_for(pilot, predicate, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the screen never got there"
        await pilot.pause(0.02)


def test_running_call_offers_esc_to_cancel(slow_extension, make_app, snap_compare):
    """While a call runs, the banner shows its progress and the footer offers esc Cancel."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.prompt.value = 'slow.slow_put title="x"'
        await pilot.press("enter")
        await _wait_for(pilot, lambda: "stored, waiting" in str(pilot.app.banner.render()))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_lost_connection(make_app, snap_compare):
    """The kernel went away: a red banner and one line that says what to do; the TUI stays."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.client._writer.close()
        await _wait_for(pilot, lambda: pilot.app.banner.lost)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
