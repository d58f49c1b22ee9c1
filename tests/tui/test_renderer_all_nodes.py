"""The TUI draws every ui node type at 80 columns: no placeholder, no error box; the overlay and
6.x nodes have real projections, and their buttons fire their actions."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Checkbox, RadioSet

from imperal_tui.renderer.fallback import NodeError, Unsupported
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.overlays import OverlayScreen
from imperal_tui.renderer.plain_widget import PlainNode
from imperal_tui.renderer.stage import UiStage
from imperal_tui.renderer.table import UiDataTable
from sdk import ui
from tests.headless.test_render_ui_text import EVERY_NODE

from .tree_host import TreeApp

CONFIRM = ui.Call("delete_all")
CLOSE = ui.Call("close_dialog")
UNDO = ui.Call("undo")


def shown(app: App) -> str:
    """The text of every drawn line: statics, list rows and plain projections."""
    from imperal_tui.renderer.list_view import UiList

    parts = [str(w.render()) for w in app.query("Static")]
    parts += ["\n".join(w.line_texts()) for w in app.query(UiList)]
    parts += [str(w.render()) for w in app.query(PlainNode)]
    parts += [str(b.label) for b in app.query(ActionButton)]
    return "\n".join(parts)


async def test_every_node_type_renders_at_80_columns():
    app = TreeApp(ui.Page(list(EVERY_NODE.values())).to_dict())
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.pause()
        assert not app.query(NodeError) and not app.query(Unsupported)
        text = shown(app)
        for expected in ("hello text", "Tray badge: 3", "3 unread"):
            assert expected in text, expected
        agree = app.query_one(Checkbox)  # inputs are widgets now, not text
        assert agree.value and "Agree" in str(agree.label) and "must agree" in text
        assert app.query_one(UiDataTable).visible_rows() == [{"n": "Ann"}]
        assert app.query_one(RadioSet).pressed_button.label.plain == "Beta"
        for expected in ("[1] Open (1)", "◆ Agent: thinking", "stage body", "draft reply"):
            assert expected in text, expected
        for plain in app.query(PlainNode):
            assert all(
                len(line) <= plain.content_size.width for line in str(plain.render()).split("\n")
            )


async def test_plain_nodes_lay_out_at_the_width_they_get():
    tray = ui.TrayResponse(2, ui.Text("An API with a rather long name " * 3))
    app = TreeApp(tray.to_dict())
    async with app.run_test(size=(30, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(PlainNode)
        lines = str(widget.render()).split("\n")
        assert len(lines) > 2 and all(len(line) <= 30 for line in lines)
        assert widget.size.height == len(lines)


async def test_stage_frames_its_content_with_command_title_and_status():
    stage = ui.Stage(
        "import",
        "Import",
        [ui.Button("Retry", on_click=UNDO)],
        hotkeys={"r": "retry"},
        status="done",
    )
    app = TreeApp(stage.to_dict())
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        frame = app.query_one(UiStage)
        assert frame.border_title == "❯ import · Import"
        assert frame.border_subtitle == "done · r retry"
        assert frame.has_class("-done")
        button = app.query_one(ActionButton)
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.fired == [UNDO.to_dict()]


async def test_modal_buttons_fire_confirm_and_close():
    modal = ui.Modal(
        "Delete all?",
        ui.Text("cannot be undone"),
        "Delete",
        on_confirm=CONFIRM,
        on_close=CLOSE,
        destructive=True,
    )
    app = TreeApp(modal.to_dict())
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        for label in ("Delete", "Cancel"):
            screen = app.screen
            assert isinstance(screen, OverlayScreen) and screen.has_class("-destructive")
            assert "cannot be undone" in str(screen.query_one("#overlay-body Static").render())
            button = next(b for b in screen.query(ActionButton) if str(b.label) == label)
            button.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, OverlayScreen)
            app.query_one("OverlayAnchor").focus()
            await pilot.press("enter")  # the anchor opens it again
            await pilot.pause()
        assert app.fired == [CONFIRM.to_dict(), CLOSE.to_dict()]


async def test_a_dialog_without_actions_only_closes():
    app = TreeApp(ui.Dialog("Sure?").to_dict())
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverlayScreen)
        assert not any(b.disabled for b in app.screen.query(ActionButton))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OverlayScreen) and app.fired == []


async def test_toast_is_an_alert_with_its_action():
    app = TreeApp(ui.Toast("Note deleted", "warning", action=UNDO, action_label="Undo").to_dict())
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        assert "Note deleted" in shown(app)
        button = app.query_one(ActionButton)
        assert str(button.label) == "Undo"
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.fired == [UNDO.to_dict()]
