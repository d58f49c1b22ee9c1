"""ChatExtension.function parity with 5.11 / 6.3.7 (behaviour_*.json entries)."""

import dataclasses

import pytest

from sdk import ChatExtension, Extension


def make():
    ext = Extension("d2")
    return ext, ChatExtension(ext)


def test_chat_extension_with_ext_only():
    # behaviour: "ChatExtension(ext) only" -> tool name 'tool_d2_chat'
    _, chat = make()
    assert chat.tool_name == "tool_d2_chat"


def test_inputs_outputs_and_ui_builder():
    # behaviour (6.3.7): "chat.function inputs/outputs"; "chat.function ui_builder"
    _, chat = make()
    chat.function("f", "d", inputs=["a"], outputs=["b"], ui_builder=True)(lambda ctx: "ok")
    fd = chat.functions["f"]
    assert (fd.inputs, fd.outputs, fd._ui_builder) == (["a"], ["b"], True)
    chat.function("g", "d")(lambda ctx: "ok")
    assert (chat.functions["g"].inputs, chat.functions["g"]._ui_builder) == ([], False)


def test_event_schema_and_pydantic_param_are_not_keywords():
    # behaviour: "chat.function event_schema" -> TypeError
    _, chat = make()
    with pytest.raises(TypeError, match="event_schema"):
        chat.function("f", "d", event_schema={})
    with pytest.raises(TypeError):
        chat.function("f", "d", pydantic_param=object)


def test_name_and_description_are_required_and_kept_as_given():
    _, chat = make()
    with pytest.raises(TypeError):
        chat.function(action_type="write")
    with pytest.raises(TypeError):
        chat.function("f", action_type="write")

    def documented(ctx):
        "A docstring."

    chat.function("f", "")(documented)
    assert chat.functions["f"].description == ""


def test_function_def_fields_in_listing_order():
    from sdk.chat import FunctionDef

    assert [f.name for f in dataclasses.fields(FunctionDef)] == [
        "name", "func", "description", "params", "action_type", "event", "chain_callable",
        "effects", "id_projection", "inputs", "outputs", "background", "long_running",
        "_pydantic_model", "_pydantic_param", "_return_model", "_ui_builder",
    ]  # fmt: skip
