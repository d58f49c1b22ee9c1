"""SVG snapshots of pending cards at 80x24 and 120x40 (deterministic: explicit calls with
fixed arguments, so the JSON and the digests are the same every run).

Update after an intended change with
`pytest tests/tui/test_card_snapshots.py --snapshot-update` and look at the SVGs first.
"""

from __future__ import annotations


async def _ready(pilot) -> None:
    app = pilot.app
    app.prompt.cursor_blink = False
    await app.wait_idle()
    await pilot.pause()


def _after(*messages: str, typed: str = ""):
    async def run_before(pilot) -> None:
        await _ready(pilot)
        for message in messages:
            pilot.app.prompt.value = message
            await pilot.press("enter")
            await _ready(pilot)
        pilot.app.prompt.value = typed  # typed while the card waits: it stays in the prompt
        pilot.app.prompt.cursor_position = len(typed)
        await _ready(pilot)

    return run_before


def test_card_with_several_arguments_80x24(make_app, snap_compare, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_CONFIRM", "write")
    body = "Milk, eggs, bread, and the long list of things for the weekend trip to the lake"
    call = f'notes.create_note title="Groceries" body="{body}" folder="home"'
    run_before = _after(call, typed="show my notes")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_two_cards_queued_120x40(make_app, snap_compare):
    run_before = _after('notes.delete_note note_id="n-1"', 'notes.delete_note note_id="n-2"')
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)
