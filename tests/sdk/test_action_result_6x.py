"""ActionResult parity with 5.11.0 / 6.3.7 (behaviour_*.json entries and the listing)."""

import dataclasses

import pytest

from sdk import ActionResult


def test_error_code_keyword():
    # behaviour: "ActionResult.error code="
    assert ActionResult.error("boom", code="NOT_FOUND").to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "boom",
        "error_code": "NOT_FOUND",
    }


def test_error_retryable_keyword_and_code():
    # behaviour: "ActionResult.error retryable kw + code"
    r = ActionResult.error("boom", retryable=True, code="BAD_INPUT")
    assert r.to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "boom",
        "error_code": "BAD_INPUT",
        "retryable": True,
    }
    assert (r.error, r.error_code, r.retryable) == ("boom", "BAD_INPUT", True)


def test_empty_code_is_not_emitted():
    assert "error_code" not in ActionResult.error("e", code="").to_dict()
    assert ActionResult.error("e").error_code == ""


def test_success_needs_data_and_summary():
    # behaviour: "ActionResult.success(summary=) only" -> TypeError naming 'data'
    with pytest.raises(TypeError, match="'data'"):
        ActionResult.success(summary="s")
    with pytest.raises(TypeError, match="'summary'"):
        ActionResult.success(data={})


def test_success_undo_diff_receipt():
    # behaviour (6.3.7): "ActionResult.success undo/diff"
    r = ActionResult.success({}, "s", undo={"function": "x"})
    assert r.to_dict() == {
        "status": "success",
        "summary": "s",
        "data": {},
        "undo": {"function": "x"},
    }
    d = ActionResult.success({"a": 1}, "s", diff={"a": 1}, action_receipt={"r": 1}).to_dict()
    assert list(d) == ["status", "summary", "data", "diff", "action_receipt"]


def test_morph():
    # behaviour (6.3.7): "ActionResult.morph"
    assert ActionResult.morph("ok").to_dict() == {
        "status": "success",
        "summary": "Intent state updated.",
        "data": {},
        "ui": "ok",
    }
    d = ActionResult.morph({"k": 1}, data={"d": 1}, summary="x", refresh_panels=["p"]).to_dict()
    assert d == {
        "status": "success",
        "summary": "x",
        "data": {"d": 1},
        "ui": {"k": 1},
        "refresh_panels": ["p"],
    }


def test_fields_in_listing_order():
    names = [f.name for f in dataclasses.fields(ActionResult)]
    assert names == [
        "status",
        "data",
        "summary",
        "error",
        "retryable",
        "ui",
        "refresh_panels",
        "error_code",
        "undo",
        "diff",
        "action_receipt",
    ]


def test_from_dict_keeps_code_and_undo():
    r = ActionResult.from_dict(
        {"status": "error", "error": "x", "error_code": "E1", "retryable": True, "undo": {"a": 1}}
    )
    assert (r.error_code, r.undo, r.retryable) == ("E1", {"a": 1}, True)
