"""The 5.11/6.x ui behaviours beyond one default call: enumerations checked and mapped, bad
values refused clearly, and the 6.x nodes (Stage, MorphingState, Canvas, signals).

Expected values were observed on the real imperal-sdk 6.3.7 used as a black box.
"""

from __future__ import annotations

import json

import pytest

from sdk import ui

CALL = ui.Call("f")
CALL_D = {"action": "call", "function": "f", "params": {}}


# --- enumerations: synonyms mapped, unknown values refused ----------------------------------
@pytest.mark.parametrize(
    ("kwargs", "variant"),
    [
        ({}, "info"),
        ({"variant": "warning"}, "warn"),
        ({"variant": "danger"}, "error"),
        ({"variant": "err"}, "error"),
        ({"variant": "ok"}, "success"),
        ({"type": "warn"}, "warn"),
        ({"type": "warning"}, "warn"),
        ({"variant": "error", "type": "warn"}, "error"),  # variant wins
        ({"variant": None}, "info"),
    ],
)
def test_alert_variant_and_its_synonyms(kwargs, variant):
    assert ui.Alert("m", **kwargs).to_dict()["props"]["variant"] == variant


@pytest.mark.parametrize(
    "build",
    [
        lambda: ui.Alert("m", variant="bogus"),
        lambda: ui.Alert("m", variant="WARN"),  # case matters, as in the reference
        lambda: ui.Alert("m", type="nope"),
        lambda: ui.Toast("m", "bogus"),
        lambda: ui.Toast("m", ""),
        lambda: ui.Stack([], direction="diagonal"),
        lambda: ui.Stack([], direction=None),
        lambda: ui.Modal(size="huge"),
        lambda: ui.Dialog("T", size="LG"),
        lambda: ui.Input(type="date"),
        lambda: ui.Input(variant="outline"),
        lambda: ui.FileUpload(variant="fancy"),
        lambda: ui.RadioGroup([], orientation="h"),
        lambda: ui.Stat("l", 1, trend_direction="sideways"),
    ],
)
def test_unknown_enumerated_values_are_refused_with_a_clear_error(build):
    with pytest.raises(ValueError, match=r"^ui\.\w+: \w+=.* is not one of "):
        build()


def test_the_error_names_what_is_allowed():
    with pytest.raises(ValueError) as raised:
        ui.Alert("m", variant="bogus")
    assert "'warn'" in str(raised.value) and "warning" in str(raised.value)


@pytest.mark.parametrize(
    ("direction", "wire"),
    [("horizontal", "h"), ("row", "h"), (" H ", "h"), ("col", "v"), ("column", "v"), ("v", "v")],
)
def test_stack_direction_spellings(direction, wire):
    assert ui.Stack([], direction=direction).to_dict()["props"]["direction"] == wire


def test_toast_duration_and_action_rules():
    assert "duration" not in ui.Toast("m", duration=5000).to_dict()["props"]
    assert ui.Toast("m", duration=0).to_dict()["props"]["duration"] == 0
    with pytest.raises(ValueError):
        ui.Toast("m", duration=-1)
    with pytest.raises(TypeError):
        ui.Toast("m", duration=None)
    with pytest.raises(ValueError, match="together"):
        ui.Toast("m", action=CALL)
    with pytest.raises(ValueError, match="together"):
        ui.Toast("m", action_label="Undo")


def test_dialog_takes_modal_options_and_refuses_others():
    props = ui.Dialog("T", subtitle="s", open=False, on_close=CALL).to_dict()["props"]
    assert props == {
        "confirm_label": "Confirm",
        "cancel_label": "Cancel",
        "title": "T",
        "subtitle": "s",
        "on_close": CALL_D,
        "open": False,
    }
    with pytest.raises(TypeError, match="width"):
        ui.Dialog("T", width="x")


@pytest.mark.parametrize(
    ("given", "sent"),
    [("red", "danger"), ("amber", "warning"), ("grey", "muted"), ("default", "default")],
)
def test_tray_icon_colour_names(given, sent):
    assert ui.TrayResponse(3, icon_color=given).to_dict()["props"] == {
        "badge": 3,
        "icon_color": sent,
    }


def test_unknown_tray_icon_colours_are_left_out():
    assert ui.TrayResponse(icon_color="RED").to_dict()["props"] == {}
    with pytest.raises(TypeError, match="icon_color"):
        ui.TrayResponse(icon_color=["red"])


def test_labelled_field_keywords_go_on_the_wire_only_when_set():
    full = ui.Input(
        "p", label="L", description="D", error="E", required=1, disabled=True, readonly=True
    )
    assert full.to_dict()["props"] == {
        "placeholder": "p",
        "value": "",
        "param_name": "value",
        "label": "L",
        "description": "D",
        "error": "E",
        "required": True,
        "disabled": True,
        "readonly": True,
    }
    assert set(ui.Select([]).to_dict()["props"]) == {"options", "value", "param_name"}


def test_chart_colours_come_from_a_mapping_only():
    data = [{"name": "a", "v": 1, "w": 2}]
    series = ui.Chart(data, colors={"v": "red"}).to_dict()["props"]["series"]
    assert series == [{"key": "v", "label": "v", "color": "red"}, {"key": "w", "label": "w"}]
    assert ui.Chart(data, y2_keys=("w",)).to_dict()["props"]["y2_keys"] == ["w"]


# --- Stage ----------------------------------------------------------------------------------
def test_stage_wire_repeats_children_at_the_top():
    stage = ui.Stage("s1", "Import", [ui.Text("a")], hotkeys={"r": "retry"}, extra=1)
    text = {"type": "Text", "props": {"content": "a", "variant": "body"}}
    assert stage.to_dict() == {
        "type": "Stage",
        "props": {
            "id": "s1",
            "title": "Import",
            "command": "s1",
            "hotkeys": {"r": "retry"},
            "auto_collapse": True,
            "status": "active",
            "telemetry": {},
            "children": [text],
            "extra": 1,
        },
        "children": [text],
    }
    assert isinstance(stage, ui.UINode) and stage.type == "Stage"


def test_stage_wraps_a_single_node():
    assert ui.Stage("s", "T", ui.Text("a")).to_dict()["children"][0]["type"] == "Text"


def test_stage_receipt():
    stage = ui.Stage("s1", "Import", command="import")
    assert stage.generate_receipt() == "❯ import: Import ── [OK] ✓"
    assert (
        stage.generate_receipt(delta="+3 rows", duration_ms=12) == "❯ import: +3 rows ── [12ms] ✓"
    )
    assert ui.Stage("s", "T", receipt="done!").generate_receipt(duration_ms=1) == "done!"


# --- MorphingState, Affordance, CognitiveContext ------------------------------------------
def test_morphing_state_wire_and_properties():
    state = ui.MorphingState(
        "inbox",
        "3 unread",
        urgency="high",
        affordances=[ui.Affordance("open", "Open", shortcut="o"), {"id": "x", "label": "X"}, 7],
        cognitive=ui.CognitiveContext(attention_budget="glance"),
        metrics=[("unread", 3)],
        hint="h",
    )
    wire = state.to_dict()
    assert wire["type"] == "MorphingState" and wire["component"] == "MorphingState"
    assert wire["props"]["hint"] == "h"
    assert wire["props"]["metrics"] == {"unread": 3} == wire["metrics"]
    assert [a["id"] for a in wire["affordances"]] == ["open", "x"]  # 7 is dropped
    assert wire["cognitive"]["attention_budget"] == "glance"
    assert "projection_hints" not in wire and "projection_hints" in wire["props"]
    assert state.summary == "3 unread" and state.urgency == "high" and state.details == ""
    json.dumps(wire)


def test_morphing_state_projections():
    state = ui.MorphingState(
        "c", "s", affordances=[ui.Affordance("a", "Do", shortcut="k"), ui.Affordance("b", "Undo")]
    )
    assert state.project_for_surface("terminal") == {
        "surface": "terminal",
        "format": "tui_block",
        "urgency": "normal",
        "summary": "s",
        "shortcuts": ["[1] Do (k)", "[2] Undo (2)"],
    }
    panel = state.project_for_surface("panel")
    assert panel["format"] == "rich_intent_card" and panel["full_state"] == state.to_dict()
    assert state.project_for_surface("voice") == state.to_dict()


def test_affordance_and_context_dataclasses():
    assert ui.Affordance("a", "L").to_dict() == {
        "id": "a",
        "label": "L",
        "description": "",
        "primary": False,
        "risk": "read",
        "requires_confirmation": False,
        "shortcut": None,
        "payload": {},
    }
    assert repr(ui.CognitiveContext()) == (
        "CognitiveContext(situation='general', urgency='normal', attention_budget='focused', "
        "modality_hint=None)"
    )


# --- signals, canvas, ghost, presence -------------------------------------------------------
def test_signal_is_a_uisignal():
    sig = ui.Signal("cart.count", 0)
    assert isinstance(sig, ui.UISignal) and sig == ui.UISignal("cart.count", 0)
    assert sig.to_dict() == {"__type__": "signal", "key": "cart.count", "default": 0}
    assert ui.Badge(value=sig).to_dict()["props"]["value"]["__type__"] == "signal"


def test_canvas_serialises_its_nodes_and_edges():
    canvas = ui.Canvas(
        [ui.CanvasNode("api", "API", x=1, metrics={"rps": 10}, on_click=CALL)],
        [ui.CanvasEdge("api", "db", "sql", latency_ms=4)],
        height=300,
    )
    assert canvas.to_dict()["props"] == {
        "nodes": [
            {
                "id": "api",
                "title": "API",
                "x": 1,
                "y": 0.0,
                "type": "service",
                "status": "healthy",
                "metrics": {"rps": 10},
                "icon": "",
                "on_click": CALL_D,
            }
        ],
        "edges": [
            {
                "from": "api",
                "to": "db",
                "protocol": "sql",
                "status": "active",
                "animated": True,
                "latency_ms": 4,
            }
        ],
        "height": 300,
        "interactive": True,
        "show_minimap": True,
        "show_controls": True,
    }


def test_ghost_and_agent_presence():
    assert ui.Ghost(ui.Text("t"), pulse=False).to_dict()["props"] == {
        "child": {"type": "Text", "props": {"content": "t", "variant": "body"}},
        "reason": "Webbee executing...",
        "pulse": False,
        "opacity": 0.6,
    }
    assert ui.AgentPresence("thinking", "Reading", 0.5, "A").to_dict()["props"] == {
        "status": "thinking",
        "action": "Reading",
        "avatar": "A",
        "progress": 0.5,
    }
