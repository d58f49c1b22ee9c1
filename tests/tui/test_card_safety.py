"""Cards that typing cannot approve (issue 9, point 3).

The bug: with a card on screen, typing "show my notes" approved it (the "y" in "my") and the
text was lost. Now the prompt keeps the focus, ctrl+y approves, ctrl+n denies with an optional
reason, several cards queue, and the arguments are shown whole.
"""

from __future__ import annotations

import json
import string

import pytest

from imperal_tui.widgets.cards import CardLine, CardQueue, ConfirmationCard
from imperal_tui.widgets.cards.args import pretty, tokens
from imperal_tui.widgets.cards.confirmation import CardArgs
from kernel import events as ev

from .conftest import SIZE

HUMAN_PAUSE = 0.3  # a person reads the card before typing on


@pytest.fixture
def no_arm_delay(monkeypatch):
    """Worst case for typing: the approve chord works the moment a card is on show."""
    monkeypatch.setattr(CardQueue, "arm_delay", 0.0)


async def note_titles(app) -> list[str]:
    results = await app.session.call("notes", "list_notes", {})
    finished = [e for e in results if isinstance(e, ev.ActionFinished)]
    assert finished and finished[0].ok, results
    return [n["title"] for n in finished[0].data["notes"]]


async def ledger(app, function: str) -> list[dict]:
    """The ledger's answers for `function` (the row saying a card was asked for aside)."""
    rows = await app.client.audit(limit=50, user_id="tester")
    return [r for r in rows if r["function"] == function and r["status"] != "awaiting_confirmation"]


def card_text(card: ConfirmationCard) -> str:
    return "\n".join(str(w.render()) for w in card.query("Static"))


def queue(app) -> CardQueue:
    return app.query_one(CardQueue)


async def ask_to_delete(pilot, submit, title: str) -> ConfirmationCard:
    await submit(pilot, f"delete the note {title}")
    card = queue(pilot.app).get((await pilot.app.session.pending_cards())[-1].card_id)
    assert card is not None
    return card


async def test_typing_never_approves_and_lands_in_the_prompt(
    make_app, settle, submit, chat_text, no_arm_delay
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Victim")
        card = await ask_to_delete(pilot, submit, "Victim")
        await pilot.pause(HUMAN_PAUSE)
        assert app.prompt.has_focus  # the card did not take the focus

        typed = string.ascii_lowercase + string.digits + " .,;:'\"-/?!()"
        await pilot.press(*["space" if c == " " else c for c in typed])
        await settle(pilot)
        assert app.prompt.value == typed  # nothing swallowed
        await pilot.press("backspace", "backspace", "ctrl+u")
        await pilot.press(*"show", "space", *"my", "space", *"notes")
        assert app.prompt.value == "show my notes"
        await pilot.press("enter")
        await settle(pilot)

        assert "› show my notes" in chat_text(app)  # sent as a request
        assert card.answer is None and queue(app).front is card
        assert [c.card_id for c in await app.session.pending_cards()] == [card.card.card_id]
        assert await note_titles(app) == ["Victim"]
        assert await ledger(app, "delete_note") == []

        # Typed with the card's arguments focused: the keys go to the prompt, with the focus.
        await pilot.press("shift+tab")
        assert app.focused is card.query_one(CardArgs)
        await pilot.press("down", "y", "e", "s", "space", "y", "enter")
        await settle(pilot)
        assert app.prompt.has_focus
        assert "› yes y" in chat_text(app)
        assert len(await app.session.pending_cards()) == 1
        assert await ledger(app, "delete_note") == []


async def test_ctrl_y_approves_the_card_on_show(make_app, settle, submit, no_arm_delay):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Victim")
        card = await ask_to_delete(pilot, submit, "Victim")
        assert app.check_action("card", ("confirm",)) is True
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert await note_titles(app) == []
        rows = await ledger(app, "delete_note")
        assert [(r["status"], r["card_id"]) for r in rows] == [("ok", card.card.card_id)]
        assert await app.session.pending_cards() == []
        assert len(queue(app)) == 0 and not queue(app).display
        assert "✓ confirmed" in str(app.query_one(CardLine).render())
        assert app.prompt.has_focus
        assert app.check_action("card", ("confirm",)) is False  # ctrl+y is the prompt's again


async def test_ctrl_y_waits_until_the_card_has_been_on_show(make_app, settle, submit, monkeypatch):
    monkeypatch.setattr(CardQueue, "arm_delay", 3600.0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Victim")
        card = await ask_to_delete(pilot, submit, "Victim")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert card.answer is None and await note_titles(app) == ["Victim"]
        monkeypatch.setattr(CardQueue, "arm_delay", 0.0)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert await note_titles(app) == []


async def test_deny_with_a_reason_is_recorded(make_app, settle, submit, chat_text):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "create a note titled Victim")
        card = await ask_to_delete(pilot, submit, "Victim")

        await pilot.press("ctrl+n")  # opens the reason line
        await pilot.pause()
        assert card.asking_reason and card.answer is None
        await pilot.press(*"oops", "escape")  # Esc keeps the card
        await settle(pilot)
        assert not card.asking_reason and app.prompt.has_focus
        assert len(await app.session.pending_cards()) == 1

        await pilot.press("ctrl+n")
        await pilot.pause()
        app.focused.value = ""
        await pilot.press(*"wrong", "space", *"note", "enter")
        await settle(pilot)
        assert await note_titles(app) == ["Victim"]
        assert await app.session.pending_cards() == []
        rows = await ledger(app, "delete_note")
        assert [(r["status"], r["error"]) for r in rows] == [("denied", "wrong note")]
        assert "✗ denied: wrong note" in str(app.query_one(CardLine).render())
        assert "deny notes.delete_note: wrong note" in chat_text(app)
        assert app.prompt.has_focus


async def test_three_cards_queue_and_show_a_count(make_app, settle, submit, no_arm_delay):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for title in ("Alpha", "Beta", "Gamma"):
            await submit(pilot, f"create a note titled {title}")
        cards = [await ask_to_delete(pilot, submit, t) for t in ("Alpha", "Beta", "Gamma")]
        q = queue(app)
        assert len(q) == 3 and q.front is cards[0]
        assert "card 1 of 3" in str(cards[0].border_title)
        assert [c.display for c in cards] == [True, False, False]

        await pilot.press("ctrl+y")  # the one on show: Alpha
        await settle(pilot)
        assert sorted(await note_titles(app)) == ["Beta", "Gamma"]
        assert q.front is cards[1] and cards[1].display
        assert "card 1 of 2" in str(cards[1].border_title)

        await pilot.press("ctrl+n", "ctrl+n")  # deny Beta, no reason
        await settle(pilot)
        assert q.front is cards[2] and "card 1 of 1" in str(cards[2].border_title)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert await note_titles(app) == ["Beta"]
        assert len(q) == 0
        statuses = [r["status"] for r in reversed(await ledger(app, "delete_note"))]
        assert statuses == ["ok", "denied", "ok"]


@pytest.mark.parametrize("size", [(50, 14), SIZE])
async def test_long_arguments_are_whole_and_scroll(make_app, settle, submit, monkeypatch, size):
    monkeypatch.setenv("IMPERAL_SHELL_CONFIRM", "write")  # create_note asks too
    body = " ".join(f"word{i}" for i in range(120))
    title = "T" * 90
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await submit(pilot, f'notes.create_note title="{title}" body="{body}" folder="inbox"')
        card = queue(app).front
        assert card is not None and card.region.height > 0
        pending = (await app.session.pending_cards())[0]
        shown = card_text(card)
        assert pending.short_digest in shown
        assert pretty(pending.args_json) in shown  # every argument, whole
        lines = shown.splitlines()
        for value in (title, body, "inbox"):  # each value whole on one line, never split
            assert any(json.dumps(value) in line for line in lines), value
        args = card.query_one(CardArgs)
        longest = max(len(line) for line in pretty(pending.args_json).splitlines())
        assert args.virtual_size.width >= longest  # not wrapped: it scrolls sideways
        assert args.max_scroll_x > 0
        assert args.virtual_size.height >= len(pretty(pending.args_json).splitlines())
        digest = card.query_one(".card-what")
        assert app.screen.region.contains_region(digest.region)  # the digest is on screen
        assert app.screen.region.contains_region(args.region) and args.region.height >= 2
        args.focus()
        await pilot.press("end", "right", "down", "down", "down")
        await pilot.pause()
        assert args.scroll_x > 0 or args.scroll_y > 0
        assert await app.session.pending_cards() == [pending]


def test_pretty_keeps_every_token_and_breaks_only_between_them():
    canonical = '{"a":[1,2.50,{}],"b":{"c":"x\\"y, z: {[]}"},"d":null,"e":[]}'
    laid_out = pretty(canonical)
    assert "".join(tokens(laid_out)) == "".join(tokens(canonical)) == canonical
    assert json.loads(laid_out) == json.loads(canonical)
    assert '  "b": {\n    "c": "x\\"y, z: {[]}"\n  },' in laid_out
    assert '"e": []' in laid_out and "2.50" in laid_out


async def test_cards_left_pending_before_the_window_opened_are_queued(
    make_app, settle, submit, home, no_arm_delay
):
    from imperal_tui import cli

    assert (
        cli.main(["--user", "tester", "call", "notes.create_note", "--args", '{"title": "Old"}'])
        == 0
    )
    assert cli.main(["--user", "tester", "run", "delete the note Old"]) == 3  # left by a script
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (pending,) = await app.session.pending_cards()
        assert queue(app).get(pending.card_id) is not None
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert await note_titles(app) == []
