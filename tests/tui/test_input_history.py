"""Input history: Up/Down at the prompt recall earlier lines, kept in <data_dir>/input_history
across runs; blank lines, repeats and lines starting with a space are not kept."""

from __future__ import annotations

import json

import pytest

from imperal_tui.commands.history import FILE_NAME, HistoryCursor, InputHistory

from .conftest import SIZE


async def test_up_and_down_walk_the_lines_typed_before(make_app, settle, submit):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, "/tasks")
        await pilot.press("escape")  # the task list closes
        app.prompt.value = "half typ"
        await pilot.press("up")
        assert app.prompt.value == "/tasks"
        assert app.prompt.cursor_position == len("/tasks")
        await pilot.press("up")
        assert app.prompt.value == "add a task buy milk"
        await pilot.press("up")  # nothing earlier: stays
        assert app.prompt.value == "add a task buy milk"
        await pilot.press("down", "down")
        assert app.prompt.value == "half typ"  # back to the draft


async def test_the_history_survives_a_restart(make_app, settle, submit, home):
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await submit(pilot, "add a task buy milk")
        await submit(pilot, " a line with a leading space")
    assert (home / FILE_NAME).stat().st_mode & 0o777 == 0o600
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("up")
        assert second.prompt.value == "add a task buy milk"


def test_what_is_kept(tmp_path):
    history = InputHistory(tmp_path / FILE_NAME)
    assert history.add("first")
    assert not history.add("first")  # a repeat
    assert not history.add("   ")
    assert not history.add(" secret")
    assert history.add("two\nlines")
    assert InputHistory(tmp_path / FILE_NAME).entries == ["first", "two\nlines"]


def test_it_stays_bounded_on_disk(tmp_path):
    path = tmp_path / FILE_NAME
    history = InputHistory(path, limit=3)
    for n in range(10):
        history.add(f"line {n}")
    assert history.entries == ["line 7", "line 8", "line 9"]
    assert len(path.read_text().splitlines()) <= 6
    assert InputHistory(path, limit=3).entries == ["line 7", "line 8", "line 9"]


def test_a_damaged_file_loses_only_its_bad_lines(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps("good") + "\nnot json\n" + json.dumps(5) + "\n")
    assert InputHistory(path).entries == ["good"]


def test_a_bad_limit_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        InputHistory(limit=0)


def test_the_cursor_returns_to_the_draft():
    history = InputHistory()
    cursor = HistoryCursor(history)
    assert cursor.previous("draft") is None  # nothing typed before
    assert cursor.next() is None
    history.add("a")
    history.add("b")
    assert cursor.previous("draft") == "b"
    assert cursor.previous("b") == "a"
    assert cursor.next() == "b"
    assert cursor.next() == "draft"
    assert cursor.next() is None
