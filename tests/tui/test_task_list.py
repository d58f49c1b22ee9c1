"""The task list (`/tasks`): background work with progress bars and status, cancel with c,
kept current by task events."""

from __future__ import annotations

import pytest
from textual.widgets import ProgressBar

from imperal_tui.widgets.tasks import TaskListScreen, TaskRow
from imperal_tui.widgets.tasks.command import open_task_list
from imperal_tui.widgets.tasks.row import headline

from .conftest import SIZE


@pytest.fixture
def promote_fast(monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_PROMOTE_AFTER_S", "0.3")


def rows(app) -> list[TaskRow]:
    return list(app.screen.query(TaskRow)) if isinstance(app.screen, TaskListScreen) else []


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_slash_tasks_opens_the_list_and_esc_closes_it(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "/tasks")
        assert isinstance(app.screen, TaskListScreen)
        assert [str(w.render()) for w in app.screen.query(".tasks-empty")] == [
            "No background tasks."
        ]
        await pilot.press("c")
        assert "Select a task first (↑↓)." in toasts(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, TaskListScreen) and app.prompt.has_focus


async def test_a_running_task_shows_progress_and_c_cancels_it(
    slow_extension, promote_fast, make_app, settle, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.send('slow.slow_put title="later" seconds=30')
        await wait_until(pilot, lambda: app._following, "the promotion")
        screen = await open_task_list(app, poll_s=None)  # no timer: events poke it
        await wait_until(pilot, lambda: rows(app), "the row")
        [row] = rows(app)
        await wait_until(pilot, lambda: app.focused is row, "the row to take the focus")
        assert row.running
        assert headline(row.record) == "⏳ slow.slow_put  running"
        await wait_until(pilot, lambda: row.query_one(ProgressBar).progress == 50, "progress 50")
        assert "stored, waiting" in str(row.query_one(".task-message").render())

        await pilot.press("c")
        await wait_until(pilot, lambda: rows(app) and rows(app)[0].record["status"] == "cancelled")
        assert any(m.startswith("Task cancelled") for m in toasts(app))
        assert rows(app)[0].has_class("-cancelled")
        await pilot.press("c")  # a finished task: nothing to cancel, said so
        assert "That task is cancelled: nothing to cancel." in toasts(app)
        assert screen.loads >= 2


async def test_a_task_promoted_while_the_list_is_open_appears_and_finishes(
    slow_extension, promote_fast, make_app, settle, wait_until
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_task_list(app, poll_s=None)
        await settle(pilot)
        assert rows(app) == []
        app.send('slow.slow_put title="soon" seconds=1')
        await wait_until(pilot, lambda: rows(app), "the promoted task's row")
        await wait_until(
            pilot, lambda: rows(app)[0].record["status"] == "ok", "its result, with no key pressed"
        )
        row = rows(app)[0]
        assert row.query_one(ProgressBar).progress == 100 and row.has_class("-ok")


async def test_a_kernel_that_cannot_answer_is_said_in_the_list(make_app, settle):
    async def fetch():
        raise ConnectionError("the kernel is gone")

    async def cancel(task_id: str) -> bool:
        raise AssertionError("never asked")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(TaskListScreen(fetch, cancel, poll_s=None))
        await pilot.pause()
        text = [str(w.render()) for w in app.screen.query(".tasks-empty")]
        assert text == ["Cannot read the tasks: the kernel is gone"]


def test_headline_of_a_task_without_a_function():
    assert headline({"name": "nightly", "status": "lost"}) == "? nightly  lost"
    assert headline({"app_id": "a", "function": "f", "status": "weird"}) == "• a.f  weird"


async def test_a_task_another_program_started_appears_while_the_list_is_open(
    slow_extension, promote_fast, make_app, settle, wait_until
):
    import asyncio

    from kernel import events as ev

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_task_list(app, poll_s=0.05)
        host = app.client.host

        async def elsewhere() -> None:  # another client: its events never reach this window
            turn = host.kernel.session("tester").call("slow", "slow_put", {"title": "x"})
            async for event in turn:
                if isinstance(event, ev.TaskPromoted):
                    break
            await turn.aclose()

        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(elsewhere(), host.loop))
        await wait_until(pilot, lambda: rows(app), "the other program's task")
        assert rows(app)[0].running
        await wait_until(pilot, lambda: app.focused is rows(app)[0], "the row to take the focus")
        await pilot.press("c")
        await wait_until(pilot, lambda: rows(app)[0].record["status"] == "cancelled")


async def test_a_task_cancelled_from_the_list_stops_being_followed(
    slow_extension, promote_fast, make_app, settle, wait_until
):
    """After c cancels it, the banner stops counting the task and the chat hears of it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.send('slow.slow_put title="later" seconds=30')
        await wait_until(pilot, lambda: app._following, "the promotion")
        await open_task_list(app, poll_s=None)
        await wait_until(pilot, lambda: rows(app), "the row")
        await wait_until(pilot, lambda: app.focused is rows(app)[0], "the row's focus")
        await pilot.press("c")
        await wait_until(pilot, lambda: rows(app)[0].record["status"] == "cancelled")
        await wait_until(pilot, lambda: not app._following, "the follow to end", timeout=10)
        assert app.banner.tasks == 0
