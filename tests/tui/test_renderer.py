"""The ui-node renderer: every walking-skeleton node type draws, an unknown type is a visible
placeholder, a failing node is a small error box while the rest renders, and activating a
node posts its action."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from imperal_tui.renderer import RenderContext, UiAction, render_tree
from imperal_tui.renderer.fallback import NodeError, Unsupported
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.list_view import UiList


def node(kind: str, **props) -> dict:
    return {"type": kind, "props": props}


CALL = {"action": "call", "function": "complete_task", "params": {"task_id": "t1"}}
DELETE = {"action": "call", "function": "delete_task", "params": {"task_id": "t1"}}
SEND = {"action": "send", "message": "show my notes"}

EVERY_TYPE = node(
    "Stack",
    children=[
        node("Header", text="Inbox", level=2, subtitle="3 new"),
        node("Text", content="plain body"),
        node("Text", content="a caption", variant="caption"),
        node("Badge", label="urgent", color="red"),
        node("Alert", title="Heads up", message="disk almost full", variant="warn"),
        node("Divider", label="more"),
        node(
            "Section",
            title="Details",
            children=[node("Markdown", content="**bold** and `code`")],
        ),
        node("Code", content="print('hi')", language="python"),
        node(
            "List",
            items=[
                node(
                    "ListItem",
                    id="t1",
                    title="buy milk",
                    subtitle="due today",
                    badge=node("Badge", label="high", color="red"),
                    on_click=CALL,
                    actions=[{"icon": "Trash2", "on_click": DELETE, "confirm": True}],
                )
            ],
        ),
        node("Button", label="Show notes", on_click=SEND),
        node("Empty", message="Nothing here"),
        node(
            "Stack", direction="h", children=[node("Button", label="A"), node("Icon", name="Mail")]
        ),
        node("Card", title="Card", content=node("KeyValue", items=[{"key": "k", "value": 1}])),
        node("Progress", value=40, label="sync"),
        node("Link", label="docs", href="https://example.com"),
        node("Error", title="Oops", message="panel failed"),
    ],
)


class TreeApp(App):
    """A bare host for one rendered tree that records the actions it fires."""

    def __init__(self, tree: dict) -> None:
        super().__init__()
        self.ui_tree = tree
        self.fired: list[tuple[str, dict]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield render_tree(self.ui_tree, RenderContext("demo"))

    def on_ui_action(self, message: UiAction) -> None:
        self.fired.append((message.app_id, message.action))


def visible_text(app: App) -> str:
    parts = [str(w.render()) for w in app.query("Static")]
    parts += ["\n".join(w.line_texts()) for w in app.query(UiList)]
    return "\n".join(parts)


async def test_every_skeleton_node_type_renders():
    app = TreeApp(EVERY_TYPE)
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        assert not app.query(NodeError) and not app.query(Unsupported)
        text = visible_text(app)
        for expected in ("Inbox", "3 new", "plain body", "urgent", "Heads up", "disk almost full"):
            assert expected in text
        for expected in ("MORE", "DETAILS", "buy milk", "high", "due today", "Nothing here"):
            assert expected in text
        assert [str(b.label) for b in app.query(ActionButton)][:2] == ["Show notes", "A"]


async def test_unknown_type_is_a_visible_placeholder_and_siblings_render():
    tree = node("Stack", children=[node("Text", content="before"), node("Hologram", x=1)])
    app = TreeApp(tree)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        [placeholder] = app.query(Unsupported)
        assert str(placeholder.render()) == "[unsupported: Hologram]"
        assert "before" in visible_text(app)


async def test_a_failing_node_gets_its_own_error_box_and_the_rest_renders():
    tree = node(
        "Stack",
        children=[
            node("Text", content="first"),
            node("List", items=5),
            "not even a node",
            node("Text", content="last"),
        ],
    )
    app = TreeApp(tree)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        errors = list(app.query(NodeError))
        assert len(errors) == 2
        assert "List failed to render" in str(errors[0].render())
        text = visible_text(app)
        assert "first" in text and "last" in text


async def test_extension_text_is_never_read_as_markup():
    app = TreeApp(node("Text", content="[bold red]not markup[/]"))
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        assert "[bold red]not markup[/]" in visible_text(app)


async def test_panel_envelope_is_accepted():
    app = TreeApp({"ui": node("Text", content="inside"), "panel_id": "p"})
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        assert "inside" in visible_text(app)


async def test_buttons_and_rows_fire_their_actions_from_the_keyboard():
    app = TreeApp(EVERY_TYPE)
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        row = app.query_one(UiList)
        row.focus()
        await pilot.press("enter")
        await pilot.press("d")
        button = next(b for b in app.query(ActionButton) if str(b.label) == "Show notes")
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.fired == [("demo", CALL), ("demo", DELETE), ("demo", SEND)]


async def test_a_button_without_an_action_is_disabled():
    app = TreeApp(node("Button", label="Nothing"))
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert app.query_one(ActionButton).disabled
