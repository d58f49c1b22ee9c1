"""The check stage refuses placeholder values a model left in (any case, spaced), and takes
real values that merely contain angle brackets."""

from __future__ import annotations

import re

import pytest

from kernel import events as ev
from kernel.host.validation import placeholder_paths
from kernel.router import classify

PLACEHOLDERS = ["<TITLE>", "<unknown>", "< TODO >", "<Manager Name>", " <user.email> ", "<Имя>"]
REAL = ["<3", "a < b", "I <3 you", "x<y>", "<a@b.c>", "<https://example.com>", "<>", "<3 hearts>"]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholders_in_any_case_and_spacing_are_found(value):
    assert placeholder_paths({"to": {"name": value}, "cc": ["ok", value]}) == ["to.name", "cc[1]"]


@pytest.mark.parametrize("value", REAL)
def test_real_values_with_angle_brackets_are_not_placeholders(value):
    assert placeholder_paths({"title": value, "tags": [value]}) == []


def test_the_classifier_keeps_its_looser_pattern():
    assert classify.placeholder_paths({"a": "{id}", "b": "...", "c": "<a@b.c>"}) == ["a", "b", "c"]
    assert placeholder_paths({"a": "{id}", "b": "..."}) == []
    only_x = re.compile(r"^x$")
    assert placeholder_paths({"a": "x", "b": "<unknown>"}, pattern=only_x) == ["a"]


def finished(events):
    return [e for e in events if isinstance(e, ev.ActionFinished)]


async def titles(session):
    (done,) = finished(await session.call("notes", "list_notes", {}))
    return sorted(n["title"] for n in done.data["notes"])


async def test_check_stage_refuses_placeholders_and_keeps_real_values(session, kernel):
    for value in ("<unknown>", "< TODO >", "<Manager Name>"):
        (err,) = await session.call("notes", "create_note", {"title": value})
        assert err.code == ev.INVALID_ARGS and "placeholder" in err.message, value
        assert "title" in err.message
    for value in ("<3", "a < b"):
        (done,) = finished(await session.call("notes", "create_note", {"title": value}))
        assert done.ok, done.error
    assert await titles(session) == ["<3", "a < b"]
