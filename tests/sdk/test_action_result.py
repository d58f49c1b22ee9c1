from pydantic import BaseModel

from sdk import ActionResult


class Note(BaseModel):
    id: str


def test_success_wire_shape():
    assert ActionResult.success({"a": 1}, "s").to_dict() == {
        "status": "success",
        "summary": "s",
        "data": {"a": 1},
    }


def test_error_wire_shape_and_factory_on_class():
    assert ActionResult.error("boom", True).to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "boom",
        "retryable": True,
    }
    assert ActionResult(status="success").error is None
    assert callable(ActionResult.error)


def test_ui_and_refresh_panels_emitted_when_set():
    from sdk import ui

    d = ActionResult.success({}, "ok", ui=ui.Text("hi"), refresh_panels=[]).to_dict()
    assert d["ui"] == {"type": "Text", "props": {"content": "hi", "variant": "body"}}
    assert d["refresh_panels"] == []


def test_generic_subscript_and_model_data():
    r: ActionResult[Note] = ActionResult.success(Note(id="x"), "s")
    assert ActionResult[Note] is not None
    assert r.to_dict()["data"] == {"id": "x"}


def test_from_dict_round_trip_drops_ui():
    r = ActionResult.from_dict({"status": "error", "error": "e", "retryable": True, "ui": {}})
    assert (r.status, r.error, r.retryable, r.ui) == ("error", "e", True, None)


def test_validate_against_warns_never_raises(caplog):
    r = ActionResult.success({"nope": 1}, "s")
    assert r.validate_against(Note) is r
    assert "data_model mismatch model=Note" in caplog.text
