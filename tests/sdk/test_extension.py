import pytest
from pydantic import BaseModel

from sdk import ActionResult, ChatExtension, Extension


class P(BaseModel):
    name: str


class R(BaseModel):
    text: str


def make():
    ext = Extension("demo-app", version="1.0.0", display_name="Demo")
    chat = ChatExtension(ext, "demo", "Demo functions")
    return ext, chat


def test_function_detects_params_and_return_models():
    ext, chat = make()

    @chat.function("hello", description="Say hello to someone by name.", action_type="write")
    async def hello(ctx, params: P) -> ActionResult[R]:
        return ActionResult.success({"text": params.name}, "hi")

    fd = chat.functions["hello"]
    assert fd._pydantic_model is P and fd._pydantic_param == "params"
    assert fd._return_model is R
    assert fd.params == {"name": {"type": "string", "description": "Name"}}
    assert fd.chain_callable is True
    assert ext._chat_extensions == {"demo": chat}
    assert hello.__name__ == "hello"  # decorators return the function unchanged


def test_explicit_data_model_wins_and_no_model_gives_empty_params():
    _, chat = make()

    @chat.function("x", description="A function without a params model.", data_model=R)
    async def x(ctx, **kwargs) -> ActionResult:
        return ActionResult.success({}, "")

    fd = chat.functions["x"]
    assert fd._pydantic_model is None and fd.params == {} and fd._return_model is R


def test_panel_registers_synthetic_tool_and_rejects_bad_slot():
    ext, _ = make()

    @ext.panel("side", slot="left", title="Side", default_width=300)
    async def side(ctx, **kw):
        return None

    assert ext.panels["side"]["default_width"] == 300
    assert "__panel__side" in ext.tools
    with pytest.raises(ValueError, match="slot"):
        ext.panel("bad", slot="main")


def test_skeleton_name_rules_and_emits_prefix():
    ext, _ = make()
    with pytest.raises(ValueError):
        ext.skeleton("a/b")
    ext.skeleton("inbox", ttl=60)(lambda ctx: None)
    assert ext.tools["skeleton_refresh_inbox"]._skeleton["ttl"] == 60
    with pytest.raises(ValueError):
        ext.emits("other.thing")
    ext.emits("demo-app.created")(lambda ctx: None)
    assert ext.declared_emits[0].to_manifest() == {"type": "demo-app.created"}


async def test_panel_wrapper_returns_ui_envelope():
    from sdk import ui

    ext, _ = make()

    @ext.panel("p", slot="left")
    async def p(ctx, tab="a"):
        return ui.Text(tab)

    out = await ext.call_tool("__panel__p", None, tab="b")
    assert out == {
        "ui": {"type": "Text", "props": {"content": "b", "variant": "body"}},
        "panel_id": "p",
    }


def test_tool_name_keyword_and_positional_are_both_quiet():
    import warnings

    ext = Extension("demo-app", version="1.0.0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ChatExtension(ext, "demo", "Demo functions")
        keyword = ChatExtension(ext, tool_name="demo2", description="Demo functions")
    assert (quiet.tool_name, keyword.tool_name, keyword.description) == (
        "demo",
        "demo2",
        "Demo functions",
    )
    assert ChatExtension(ext).tool_name == "tool_demo-app_chat"
    with pytest.raises(TypeError):
        ChatExtension(ext, "x", "y", nonsense=1)


def test_cache_model_decorator_form_only():
    ext, _ = make()

    @ext.cache_model("page")
    class Page(BaseModel):
        n: int

    class Other(BaseModel):
        n: int

    assert ext.cache_model("other")(Other) is Other
    assert ext._cache_models == {"page": Page, "other": Other}
    with pytest.raises(ValueError, match="already registered"):
        ext.cache_model("page")(Other)
    with pytest.raises(TypeError):
        ext.cache_model("bad")(dict)
    with pytest.raises(TypeError):  # 5.11 has no call form with the class
        ext.cache_model("x", Other)
