"""catalog.callable_functions, typed_context helpers and the 6.x App."""

from sdk import ChatExtension, Extension
from sdk.app import App, create_ambient_context
from sdk.catalog import SYNTHETIC_TOOL_PREFIX, callable_function_names, callable_functions
from sdk.testing import MockContext
from sdk.typed_context import TypedBillingContext, TypedUserContext, has_scope, is_admin_context


def test_callable_functions_lists_tools_then_chat_functions():
    ext = Extension("x")
    chat = ChatExtension(ext, "tool_x_chat", "d")
    chat.function("f1", "desc one", action_type="write")(lambda ctx: None)
    ext.tool("t1", description="tool")(lambda ctx: None)
    ext.panel("p")(lambda ctx: None)
    assert SYNTHETIC_TOOL_PREFIX == "__"
    assert callable_functions(ext) == [
        {"name": "t1", "description": "tool", "scopes": [], "action_type": "read",
         "kind": "tool", "owner_chat_tool": ""},
        {"name": "f1", "description": "desc one", "scopes": [], "action_type": "write",
         "kind": "chat_function", "owner_chat_tool": "tool_x_chat"},
    ]  # fmt: skip
    names = [e["name"] for e in callable_functions(ext, include_synthetic=True)]
    assert names == ["t1", "__panel__p", "f1"]
    assert callable_function_names(ext) == {"t1", "f1"}


def test_typed_context_helpers():
    assert TypedUserContext(imperal_id="u", email="e").tenant_id == "default"
    assert TypedBillingContext().plan == "free"
    assert has_scope(MockContext(), "anything")  # MockContext grants "*"
    assert has_scope(MockContext(scopes=["mail:read"]), "mail:read")
    assert not has_scope(MockContext(scopes=["mail.*"]), "mail.send")
    assert not has_scope(None, "a")
    assert is_admin_context(MockContext(role="admin", scopes=["a"]))
    assert not is_admin_context(MockContext(scopes=["admin"]))


def test_app_tools_and_manifest():
    app = App("demo", name="Demo", category="x", version="2.0.0")

    @app.tool()
    async def hello(ctx, q: str, n: int = 2):
        "Say hello"

    @app.tool("wipe", description="Wipe it", destructive=True, scopes=["demo:admin"])
    async def wipe(ctx):
        return None

    assert isinstance(app, Extension) and app.display_name == "Demo" and app.category == "x"
    assert app.tools["hello"].scopes == ["demo:hello"]
    m = app.to_manifest()
    hello_entry, wipe_entry = m["tools"]
    assert hello_entry["parameters"] == {
        "type": "object",
        "properties": {
            "q": {"type": "string", "description": "Argument q"},
            "n": {"type": "integer", "description": "Argument n", "default": 2},
        },
        "required": ["q"],
    }
    assert (hello_entry["action_type"], wipe_entry["action_type"]) == ("write", "destructive")
    assert m["permissions"] == {"scopes": ["demo:admin", "demo:hello"]}


def test_ambient_context():
    ctx = create_ambient_context()
    assert ctx.user.imperal_id == "ambient_user" and ctx.user.role == "admin"
