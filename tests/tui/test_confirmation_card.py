"""The confirmation card: takes focus, shows exactly what will run, and only `y` approves.

Enter and Space never approve; `n` and Escape deny; keys already on their way when the card
appeared (stamped before it was armed) are not taken as an answer.
"""

from __future__ import annotations

import asyncio
import time

from textual import events

from imperal_tui.widgets.cards import ConfirmationCard
from imperal_tui.widgets.cards.confirmation import GRACE_SECONDS
from kernel import events as ev

from .conftest import SIZE


async def note_titles(app) -> list[str]:
    """What the kernel has, independent of what the screen shows."""
    results = await app.session.call("notes", "list_notes", {})
    finished = [e for e in results if isinstance(e, ev.ActionFinished)]
    assert finished and finished[0].ok, results
    return [n["title"] for n in finished[0].data["notes"]]


async def wait_armed(card: ConfirmationCard) -> None:
    """Let the card's grace period pass, so a key press now is a real answer."""
    delay = card.armed_at - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay + 0.01)


def card_text(card: ConfirmationCard) -> str:
    return "\n".join(str(w.render()) for w in card.query("Static"))


async def ask_to_delete_groceries(pilot, submit) -> ConfirmationCard:
    app = pilot.app
    await submit(pilot, "delete the note Groceries")
    cards = [c for c in app.query(ConfirmationCard) if c.answer is None]
    assert len(cards) == 1
    return cards[0]


async def test_card_focus_enter_space_n_and_y(make_app, settle, submit, panel_titles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        assert panel_titles(app, "notes") == ["Groceries"]

        card = await ask_to_delete_groceries(pilot, submit)
        assert app.focused is card
        shown = card_text(card)
        pending = await app.session.pending_cards()
        assert len(pending) == 1
        assert pending[0].args_json in shown
        assert pending[0].short_digest in shown
        assert "notes" in shown and "delete_note" in shown and "destructive" in shown
        assert "y confirm · n/Esc deny" in shown

        await wait_armed(card)
        await pilot.press("enter", "space", "enter")
        await settle(pilot)
        assert card.answer is None and app.focused is card
        assert await note_titles(app) == ["Groceries"]
        assert len(await app.session.pending_cards()) == 1

        await pilot.press("n")
        await settle(pilot)
        assert card.answer == "deny" and card.has_class("-resolved")
        assert await note_titles(app) == ["Groceries"]
        assert await app.session.pending_cards() == []
        assert app.prompt.has_focus
        assert panel_titles(app, "notes") == ["Groceries"]

        card = await ask_to_delete_groceries(pilot, submit)
        assert app.focused is card
        await wait_armed(card)
        await pilot.press("y")
        await settle(pilot)
        assert card.answer == "confirm"
        assert "confirmed" in card_text(card)
        assert await note_titles(app) == []
        assert panel_titles(app, "notes") == []
        assert app.prompt.has_focus


async def test_escape_denies(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        card = await ask_to_delete_groceries(pilot, submit)
        await wait_armed(card)
        await pilot.press("escape")
        await settle(pilot)
        assert card.answer == "deny"
        assert await note_titles(app) == ["Groceries"]
        assert await app.session.pending_cards() == []


async def test_keys_stamped_before_the_card_was_armed_are_ignored(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        card = await ask_to_delete_groceries(pilot, submit)
        assert app.focused is card

        # A "y" typed for the prompt and still in the queue when the card appeared.
        stale = events.Key("y", "y")
        stale.time = card.armed_at - 0.01
        app.post_message(stale)  # routed like a terminal key: to the focused widget
        await settle(pilot)
        assert card.answer is None
        assert await note_titles(app) == ["Groceries"]
        assert len(await app.session.pending_cards()) == 1

        fresh = events.Key("y", "y")
        fresh.time = card.armed_at + 0.001
        app.post_message(fresh)
        await settle(pilot)
        assert card.answer == "confirm"
        assert await note_titles(app) == []


async def test_answer_keys_only_work_while_the_card_has_focus(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Groceries")
        card = await ask_to_delete_groceries(pilot, submit)
        await wait_armed(card)
        app.prompt.focus()
        await pilot.press("y", "enter")
        await settle(pilot)
        assert card.answer is None
        assert await note_titles(app) == ["Groceries"]

        # Tabbing back re-arms the card: what was typed for the prompt never answers it.
        focused_at = time.monotonic()
        card.focus()
        await pilot.pause()
        assert card.armed_at >= focused_at + GRACE_SECONDS
        await wait_armed(card)
        await pilot.press("n")
        await settle(pilot)
        assert card.answer == "deny"


async def test_long_arguments_are_shown_whole(make_app, settle, submit):
    app = make_app()
    long_id = "x" * 600
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, f'notes.delete_note note_id="{long_id}"')
        card = app.query_one(ConfirmationCard)
        assert app.focused is card
        assert f'{{"note_id":"{long_id}"}}' in card_text(card)
