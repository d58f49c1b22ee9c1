"""Input typed while a request runs is queued: shown above the prompt, sent in order when the
running request ends, never lost. Esc cancels the running request only; the queue then goes."""

from __future__ import annotations

from imperal_tui.widgets.chat.queued import QueuedInputs

from .conftest import SIZE


async def test_typed_while_busy_waits_visibly_then_goes_in_order(
    slow_extension, make_app, settle, chat_text, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.prompt.value = 'slow.slow_put title="first"'
        await pilot.press("enter")
        await wait_until(pilot, lambda: "stored, waiting" in str(app.banner.render()), "progress")
        for text in ("add a task buy milk", "add a task call mum\nabout Sunday"):
            app.prompt.value = text
            await pilot.press("enter")
        await pilot.pause()
        strip = app.query_one(QueuedInputs)
        assert strip.texts == ["add a task buy milk", "add a task call mum\nabout Sunday"]
        assert strip.display
        shown = str(strip.render())
        assert "queued (2)" in shown and "1. add a task buy milk" in shown
        assert "2. add a task call mum…" in shown  # a multi-line request shows its first line
        assert "› add a task buy milk" not in chat_text(app)  # not sent yet
        assert app.prompt.value == ""  # the prompt is free for more

        await pilot.press("escape")  # cancels the running request, not the queue
        await settle(pilot)
        text = chat_text(app)
        assert "cancelled" in text
        first, second = text.index("› add a task buy milk"), text.index("› add a task call mum")
        assert text.index("cancelled") < first < second  # in the order they were typed
        assert "Added task “buy milk”" in text
        assert strip.texts == [] and not strip.display


async def test_nothing_is_queued_when_idle(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        assert all(len(strip) == 0 for strip in app.query(QueuedInputs))
