"""The confirmation card shows exactly what will run, and only a chord answers it.

ctrl+y approves and ctrl+n denies (through a reason line); Enter, Space, `y`, `n` and Esc never
approve, wherever the focus is. The card never takes the focus (see test_card_safety.py for
typing while a card waits, the queue and the arguments' layout).
"""

from __future__ import annotations

import pytest

from imperal_tui.widgets.cards import CardQueue, ConfirmationCard
from imperal_tui.widgets.cards.confirmation import CardArgs
from kernel import events as ev

from .conftest import SIZE


@pytest.fixture(autouse=True)
def no_arm_delay(monkeypatch):
    monkeypatch.setattr(CardQueue, "arm_delay", 0.0)


async def note_titles(app) -> list[str]:
    """What the kernel has, independent of what the screen shows."""
    results = await app.session.call("notes", "list_notes", {})
    finished = [e for e in results if isinstance(e, ev.ActionFinished)]
    assert finished and finished[0].ok, results
    return [n["title"] for n in finished[0].data["notes"]]


def card_text(card: ConfirmationCard) -> str:
    return "\n".join(str(w.render()) for w in card.query("Static"))


async def ask_to_delete_groceries(pilot, submit) -> ConfirmationCard:
    app = pilot.app
    await submit(pilot, "delete the note Groceries")
    cards = [c for c in app.query(ConfirmationCard) if c.answer is None]
    assert len(cards) == 1
    return cards[0]


async def test_card_shows_what_runs_and_only_chords_answer(make_app, settle, submit, panel_titles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        assert panel_titles(app, "notes") == ["Groceries"]

        card = await ask_to_delete_groceries(pilot, submit)
        assert app.prompt.has_focus  # the card never takes the focus
        shown = card_text(card)
        pending = await app.session.pending_cards()
        assert len(pending) == 1
        note_id = pending[0].args_json.split('"')[3]
        assert f'"note_id": "{note_id}"' in shown
        assert pending[0].short_digest in shown
        assert "notes.delete_note" in shown and "destructive" in str(card.border_title)
        assert card.border_subtitle == "ctrl+y approve · ctrl+n deny"

        await pilot.press("enter", "space", "y", "enter", "n", "escape")
        await settle(pilot)
        assert card.answer is None
        assert await note_titles(app) == ["Groceries"]
        assert len(await app.session.pending_cards()) == 1

        await pilot.press("ctrl+n", "ctrl+n")  # deny, no reason
        await settle(pilot)
        assert await note_titles(app) == ["Groceries"]
        assert await app.session.pending_cards() == []
        assert app.prompt.has_focus
        assert panel_titles(app, "notes") == ["Groceries"]

        card = await ask_to_delete_groceries(pilot, submit)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert await note_titles(app) == []
        assert panel_titles(app, "notes") == []
        assert app.prompt.has_focus


async def test_escape_never_approves(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        card = await ask_to_delete_groceries(pilot, submit)
        card.query_one(CardArgs).focus()
        await pilot.pause()
        await pilot.press("escape")  # from the arguments: back to the prompt
        await pilot.press("ctrl+n", "escape")  # from the reason line: the card stays
        await settle(pilot)
        assert app.prompt.has_focus and card.answer is None
        assert await note_titles(app) == ["Groceries"]
        assert len(await app.session.pending_cards()) == 1


async def test_a_stray_key_event_goes_to_the_prompt(make_app, settle, submit):
    """A "y" routed like a terminal key (to the focused widget) is text, never an answer."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        card = await ask_to_delete_groceries(pilot, submit)
        for focus in (app.prompt, card.query_one(CardArgs)):
            focus.focus()
            await pilot.pause()
            app.post_message(events.Key("y", "y"))
            await settle(pilot)
        assert app.prompt.value == "yy" and app.prompt.has_focus
        assert card.answer is None
        assert await note_titles(app) == ["Groceries"]


async def test_long_arguments_are_shown_whole(make_app, settle, submit):
    app = make_app()
    long_id = "x" * 600
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, f'notes.delete_note note_id="{long_id}"')
        card = app.query_one(ConfirmationCard)
        assert f'"note_id": "{long_id}"' in card_text(card)
