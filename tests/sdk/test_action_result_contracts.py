"""types.contracts / client_contracts: wire contracts and their rule codes (5.11 behaviour)."""

import pytest

from sdk import ActionResult
from sdk.types import client_contracts as cc
from sdk.types import contracts as c
from sdk.types.chat_result import ChatResult, FunctionCall
from sdk.types.metered_event import MeteredEvent


def rules(issues):
    return [i.rule for i in issues]


def test_action_result_wire_passes_its_contract():
    assert c.validate_action_result_dict(ActionResult.success({"a": 1}, "s").to_dict()) == []
    assert rules(c.validate_action_result_dict({"zzz": 1})) == ["AR2", "AR3"]
    assert rules(c.validate_action_result_dict({"status": "bogus"})) == ["AR4"]
    assert rules(c.validate_action_result_dict("x")) == ["AR1"]


def test_chat_result_wire_passes_its_contract():
    fc = FunctionCall("f", {"a": 1}, "write", True)
    out = ChatResult("hi", functions_called=[fc]).to_dict()
    assert out == {
        "response": "hi",
        "_handled": False,
        "_functions_called": [
            {"name": "f", "params": {"a": 1}, "action_type": "write", "success": True,
             "intercepted": False, "event": ""},
        ],
        "_had_successful_action": False,
        "_message_type": "text",
        "_action_meta": {},
        "_intercepted": False,
        "_task_cancelled": False,
        "_narration_emission": None,
    }  # fmt: skip
    assert c.validate_chat_result_dict(out) == []
    assert ChatResult.from_dict(out).functions_called[0].name == "f"


def test_event_type_pattern():
    assert c.validate_event_dict({"event_type": "a.b"}) == []
    assert c.validate_event_dict({"event_type": "crm:deal_created"}) == []
    assert rules(c.validate_event_dict({"event_type": "bad type"})) == ["EV4"]
    assert rules(c.validate_event_dict({})) == ["EV2"]


@pytest.mark.parametrize(
    ("check", "prefix", "good"),
    [
        (cc.validate_balance_info_dict, "BAL", {"balance": 1}),
        (cc.validate_completion_result_dict, "CPL", {"text": "t"}),
        (cc.validate_document_dict, "DOC", {"id": "1", "collection": "c"}),
        (cc.validate_file_info_dict, "FIL", {"path": "p"}),
        (cc.validate_http_response_dict, "HRS", {"status_code": 200}),
        (cc.validate_limits_result_dict, "LIM", {}),
        (cc.validate_subscription_info_dict, "SUB", {}),
    ],
)
def test_client_contracts(check, prefix, good):
    assert check(good) == []
    assert rules(check({**good, "zzz": 1})) == [prefix + "3"]
    assert rules(check([])) == [prefix + "1"]


def test_metered_event_is_frozen():
    ev = MeteredEvent(
        event_id="e",
        ts=1,
        identity={"imperal_id": "u", "tenant_id": "t"},
        meter={"unit_type": "tokens"},
        attribution={"app_id": "a"},
    )
    assert ev.v == 1
    with pytest.raises(ValueError):
        ev.ts = 2
