"""Golden wire shapes of the ui nodes the walking skeleton uses."""

from sdk import ui


def test_stack_defaults_and_children():
    assert ui.Stack([ui.Divider()]).to_dict() == {
        "type": "Stack",
        "props": {"children": [{"type": "Divider", "props": {}}], "direction": "v", "gap": 3},
    }


def test_row_is_horizontal_stack():
    assert ui.Row([], gap=1).to_dict() == {
        "type": "Stack",
        "props": {"children": [], "direction": "h", "gap": 1},
    }


def test_header_text_badge_alert_empty():
    assert ui.Header("T").to_dict() == {"type": "Header", "props": {"text": "T", "level": 2}}
    assert ui.Header("T", 3, "s").to_dict()["props"]["subtitle"] == "s"
    assert ui.Text("x", "caption").to_dict() == {
        "type": "Text",
        "props": {"content": "x", "variant": "caption"},
    }
    assert ui.Badge("new").to_dict() == {
        "type": "Badge",
        "props": {"label": "new", "color": "gray"},
    }
    assert ui.Alert("m").to_dict() == {
        "type": "Alert",
        "props": {"message": "m", "title": "", "variant": "info"},
    }
    assert ui.Empty().to_dict() == {"type": "Empty", "props": {"message": "No data"}}
    assert ui.Divider("or").to_dict() == {"type": "Divider", "props": {"label": "or"}}


def test_button_and_actions_are_flat():
    b = ui.Button("Go", on_click=ui.Call("list_notes", folder="w")).to_dict()
    assert b == {
        "type": "Button",
        "props": {
            "label": "Go",
            "variant": "primary",
            "disabled": False,
            "size": "md",
            "on_click": {"action": "call", "function": "list_notes", "params": {"folder": "w"}},
        },
    }
    assert ui.Send("hi").to_dict() == {"action": "send", "message": "hi"}
    assert ui.Open("https://x").to_dict() == {"action": "open", "url": "https://x"}
    assert ui.Navigate("/a").to_dict() == {"action": "navigate", "path": "/a"}


def test_list_and_list_item_emit_only_set_props():
    item = ui.ListItem("1", "A", badge=ui.Badge("x", color="red"))
    assert item.to_dict() == {
        "type": "ListItem",
        "props": {
            "id": "1",
            "title": "A",
            "badge": {"type": "Badge", "props": {"label": "x", "color": "red"}},
        },
    }
    lst = ui.List([item], page_size=10).to_dict()
    assert lst["props"]["searchable"] is False
    assert lst["props"]["grouped_by"] == ""
    assert lst["props"]["page_size"] == 10
    assert "total_items" not in lst["props"]


def test_none_props_dropped_but_nested_none_kept():
    node = ui.UINode("X", {"a": None, "b": {"c": None}})
    assert node.to_dict() == {"type": "X", "props": {"b": {"c": None}}}
