"""A plan step that did not run shows in the chat as a note saying why."""

from __future__ import annotations

from imperal_tui.widgets.chat import NoteLine, Turn
from kernel import events as ev

from .conftest import SIZE


async def test_a_skipped_step_is_a_note_line(make_app, settle):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        turn = Turn(app.chat)
        skip = ev.StepSkipped(
            "s2", "tasks", "add_task", "s1", "it needs s1: notes.update_note failed"
        )
        await app._show_event(turn, skip)
        await pilot.pause()
        shown = [str(w.render()) for w in app.query(NoteLine)]
        assert "skipped s2 (tasks.add_task): it needs s1: notes.update_note failed" in shown
        await turn.close()
