"""Center panels: a panel whose slot is not a side column (`center`, and the slots a terminal
has no place for: `overlay`, `bottom`, `chat-sidebar`) opens as a screen over the chat.

It opens from `/panel APP.PANEL` (and its palette entries), or when a panel action calls
`__panel__ID` for such a panel (params merged, as the web host does). Esc returns to the
chat. A call or message fired from inside it returns to the chat first, where its result,
or its confirmation card, shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from imperal_tui.renderer.actions import UiAction
from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.chat import ErrorLine, NoteLine
from imperal_tui.widgets.panels.view import PanelView

SIDE_SLOTS = ("left", "right")


def is_center(slot: str) -> bool:
    """A slot drawn as a screen over the chat rather than as a side column."""
    return slot not in SIDE_SLOTS


class CenterPanelScreen(Screen[None]):
    DEFAULT_CSS = """
    CenterPanelScreen { layout: vertical; }
    CenterPanelScreen > .center-title {
        height: 1; padding: 0 1; background: $panel; color: $text; text-style: bold;
    }
    CenterPanelScreen > VerticalScroll { height: 1fr; padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "close", "Back to chat")]

    def __init__(self, view: PanelView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        title = f"{self.view.title} · {self.view.app_id}  (esc: back to the chat)"
        yield Static(neutralise(title), markup=False, classes="center-title")
        with VerticalScroll():
            yield self.view
        yield Footer()

    def on_mount(self) -> None:
        self.app.run_worker(self._load(), group="panels", exit_on_error=False)

    async def _load(self) -> None:
        """Render the panel, then give its first row or button the keyboard."""
        app: Any = self.app
        await app.refresh_panels(self.view.app_id, (self.view.panel_id,))
        focused = self.focused
        if focused is None or self.view not in focused.ancestors:
            self.focus_first()

    def focus_first(self) -> bool:
        """The panel's first row or button takes the keyboard; False: it has none."""
        targets = self.view.focusables() if self.is_attached else []
        if targets:
            self.set_focus(targets[0])
        return bool(targets)

    def action_close(self) -> None:
        if self.is_current:
            self.dismiss()

    def on_ui_action(self, message: UiAction) -> None:
        """A call or a message goes on to the app from the chat (its result shows there);
        re-rendering a panel (`__panel__…`) stays here."""
        kind = message.action.get("action")
        function = message.action.get("function")
        panel_call = isinstance(function, str) and function.startswith("__panel__")
        if (kind == "call" and not panel_call) or kind == "send":
            self.action_close()


async def center_panels(app: Any) -> list[Any]:
    """The catalog's panels that open as screens (kernel.catalog.PanelInfo), in order."""
    catalog = await app.client.catalog()
    return [p for info in catalog["extensions"] for p in info.panels if is_center(p.slot)]


def open_view(app: Any, app_id: str, panel_id: str, title: str, params: dict | None) -> None:
    """Push the screen of this panel, or bring back the one already open."""
    for screen in app.screen_stack:
        if isinstance(screen, CenterPanelScreen) and (
            (screen.view.app_id, screen.view.panel_id) == (app_id, panel_id)
        ):
            screen.view.params.update(params or {})  # already open: re-render it
            app.run_worker(
                app.refresh_panels(app_id, (panel_id,)), group="panels", exit_on_error=False
            )
            return
    view = PanelView(app_id, panel_id, title)
    view.params.update(params or {})
    app.push_screen(CenterPanelScreen(view))


async def open_center_panel(
    app: Any, app_id: str, panel_id: str, params: dict | None = None
) -> bool:
    """Open `app_id`'s center panel `panel_id`; False (nothing opens) when there is none."""
    try:
        panels = await center_panels(app)
    except Exception as exc:  # no kernel to ask
        await app.chat.add(ErrorLine(f"cannot open the panel: {type(exc).__name__}: {exc}"))
        return False
    for panel in panels:
        if (panel.app_id, panel.panel_id) == (app_id, panel_id):
            open_view(app, app_id, panel_id, panel.title, params)
            return True
    return False


async def panel_command(app: Any, args: str) -> None:
    """`/panel` lists the panels that open over the chat; `/panel APP.PANEL` (or just PANEL
    when one extension has it) opens one."""
    from imperal_tui.commands.reports import _kernel

    if await _kernel(app) is None:
        return
    panels = await center_panels(app)
    names = [f"{p.app_id}.{p.panel_id}" for p in panels]
    wanted = args.strip()
    if not wanted:
        if not panels:
            await app.chat.add(NoteLine("No extension has a center panel."))
            return
        listed = ", ".join(names)
        await app.chat.add(NoteLine(f"Panels that open over the chat: {listed}. /panel NAME"))
        return
    found = [p for p in panels if wanted in (f"{p.app_id}.{p.panel_id}", p.panel_id)]
    if len(found) != 1:
        why = "ambiguous" if found else "unknown"
        await app.chat.add(ErrorLine(f"{why} panel {wanted!r}", names))
        return
    [panel] = found
    open_view(app, panel.app_id, panel.panel_id, panel.title, None)
