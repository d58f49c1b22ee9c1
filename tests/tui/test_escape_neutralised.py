"""Escape sequences and bidi overrides in stored data reach the TUI's screen inert: in the
chat (the request, the reply, errors) and in a panel's rows. Textual itself drops only a few
control characters and would hand an ESC sequence to the terminal."""

from __future__ import annotations

from imperal_tui.widgets.chat.messages import ErrorLine, NoteLine, ReplyMarkdown, UserLine

EVIL = "\x1b]0;pwned\x07\x1b[31mRED\x1b[0m \u202egnp"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[31mRED\\x1b[0m \\u202egnp"
SIZE = (120, 30)


def screen_text(app) -> str:
    """Every character the screen would send to the terminal, styles aside."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)


def assert_inert(text: str) -> None:
    for char in ("\x1b", "\x07", "\u202e"):
        assert char not in text, repr(text)


async def test_stored_escapes_show_inert_in_chat_and_panel(make_app, settle, submit, panel_titles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, f"add a task {EVIL}")

        assert [str(w.render()) for w in app.query(UserLine)] == [f"› add a task {SHOWN}"]
        (reply,) = app.query(ReplyMarkdown)
        assert EVIL in reply.text  # kept as sent; shown neutralised
        assert SHOWN in panel_titles(app, "tasks")[0]
        screen = screen_text(app)
        assert "\\x1b[31mRED" in screen
        assert_inert(screen)


async def test_error_and_note_lines_are_neutralised(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.chat.add(ErrorLine(f"failed: {EVIL}", [EVIL]))
        await app.chat.add(NoteLine(f"note: {EVIL}"))
        await pilot.pause()
        rendered = [str(w.render()) for w in app.query(ErrorLine)] + [
            str(w.render()) for w in app.query(NoteLine)
        ]
        assert any(f"failed: {SHOWN}" in r and f"Try: {SHOWN}" in r for r in rendered)
        assert any(f"note: {SHOWN}" in r for r in rendered)
        assert_inert("\n".join(rendered) + screen_text(app))


async def test_a_confirmation_card_shows_its_arguments_legibly():
    from textual.app import App

    from imperal_tui.widgets.cards.confirmation import ConfirmationCard
    from kernel.canonical import canonical_json, sha256_hex
    from kernel.events import Card

    args_json = canonical_json({"path": "report\u202egnp.exe", "note": EVIL + "\x9b"})
    card = Card("c1", "s1", "files", "delete", "destructive", args_json, sha256_hex(args_json),
                description=f"Deletes {EVIL}")  # fmt: skip

    class Host(App):
        def compose(self):
            yield ConfirmationCard(card)

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        assert "report\\u202egnp.exe" in screen
        assert f"Deletes {SHOWN}" in screen
        assert_inert(screen)
        assert "\x9b" not in screen
