"""The Textual TUI: chat in the middle, extension panels on the left, a prompt at the bottom.

The app only holds a kernel session and renders its typed events; every side effect (chat,
panel buttons, card answers) goes through the session, so the kernel's gates always apply.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input

from imperal_tui.renderer import RenderContext, UiAction, render_tree
from imperal_tui.widgets.banner import StatusBanner
from imperal_tui.widgets.cards import ConfirmationCard
from imperal_tui.widgets.chat import ChatLog, ErrorLine, NoteLine, PromptInput, Turn, UserLine
from imperal_tui.widgets.panels import PanelColumn, PanelView
from kernel import events as ev
from kernel.catalog import LoadError
from kernel.config import KernelConfig

# Styles are data in the top-level `themes/` folder, shipped beside this package.
STYLESHEET = Path(__file__).resolve().parent.parent / "themes" / "shell.tcss"

WELCOME = (
    "Type a request and press Enter, e.g. “add a task buy milk”, “show my notes”, "
    "“create a note titled Q3”. ctrl+l moves between the panels and the prompt."
)


class ShellApp(App):
    CSS_PATH = STYLESHEET
    TITLE = "imperal-shell"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+l", "toggle_focus", "Panels/Prompt", priority=True),
        Binding("ctrl+r", "refresh_panels", "Refresh"),
        Binding("pageup", "scroll_chat(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll_chat(1)", "Scroll", show=False),
    ]

    def __init__(
        self,
        config: KernelConfig,
        user: str,
        *,
        extra_extensions: Sequence[Path] = (),
        watch_paths: Sequence[Path] = (),
    ) -> None:
        """`extra_extensions`: folders loaded on top of the installed ones; each of
        `watch_paths` (an extension folder) is reloaded when its files change (`dev`)."""
        super().__init__()
        self.config = config
        self.user = user
        self.extra_extensions = tuple(Path(p).resolve() for p in extra_extensions)
        self.watch_paths = tuple(Path(p).resolve() for p in watch_paths)
        self._stop_watching = threading.Event()
        self.kernel: Any = None
        self.session: Any = None
        self.ready = asyncio.Event()
        self._busy = asyncio.Lock()  # one exchange with the kernel at a time, in order

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBanner(self.user, id="banner")
        with Horizontal(id="main"):
            yield PanelColumn(id="panels")
            yield ChatLog(id="chat")
        yield PromptInput(id="prompt")
        yield Footer()

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def prompt(self) -> PromptInput:
        return self.query_one(PromptInput)

    @property
    def panels(self) -> PanelColumn:
        return self.query_one(PanelColumn)

    @property
    def banner(self) -> StatusBanner:
        return self.query_one(StatusBanner)

    async def on_mount(self) -> None:
        self.prompt.focus()
        await self.chat.add(NoteLine(WELCOME))
        self.run_worker(self._boot(), name="boot", exit_on_error=False)

    async def _boot(self) -> None:
        from kernel import Kernel

        try:
            if self.extra_extensions:
                self.kernel = await Kernel.open(self.config, extra_extensions=self.extra_extensions)
            else:
                self.kernel = await Kernel.open(self.config)
            self.session = self.kernel.session(self.user)
        except Exception as exc:  # no traceback on screen: say what failed and stay up
            self.banner.set_failed(type(exc).__name__)
            await self.chat.add(ErrorLine(f"The kernel could not start: {exc}"))
            self.ready.set()
            return
        self.banner.set_kernel(self.kernel.llm_mode, len(self.kernel.extensions()))
        for error in self.kernel.load_errors:
            await self.chat.add(
                NoteLine(f"Extension {error.name} was not loaded: {error.message}", warning=True)
            )
        views = [
            PanelView(p.app_id, p.panel_id, p.title)
            for p in self.kernel.panels()
            if p.slot == "left"
        ]
        await self.panels.mount_all(views)
        for view in views:
            await self._render_panel(view)
        self.ready.set()
        if callable(getattr(self.kernel, "subscribe", None)):
            self.run_worker(self._listen(), name="proactive", group="listen", exit_on_error=False)
        for path in self.watch_paths:
            self.run_worker(
                self._watch(path), name=f"watch {path}", group="listen", exit_on_error=False
            )

    async def _listen(self) -> None:
        """The kernel's proactive stream (schedules, other extensions): shown like a turn."""
        async for event in self.kernel.subscribe(self.user):
            async with self._busy:
                turn = Turn(self.chat)
                try:
                    await self._show_event(turn, event)
                except Exception as exc:
                    await turn.show(ErrorLine(f"Internal error: {type(exc).__name__}: {exc}"))
                finally:
                    await turn.close()

    async def wait_idle(self) -> None:
        """Until the kernel is up and no exchange with it is running (tests, scripted runs)."""
        await self.ready.wait()
        while busy := [w for w in self.workers if w.group != "listen" and not w.is_finished]:
            await self.workers.wait_for_complete(busy)

    async def on_unmount(self) -> None:
        self._stop_watching.set()
        if self.kernel is not None:
            await self.kernel.close()
            self.kernel = None

    # --- chat -------------------------------------------------------------------------------
    @on(Input.Submitted, "#prompt")
    def _prompt_submitted(self, event: Input.Submitted) -> None:
        message = event.value.strip()
        self.prompt.clear()
        if message:
            self.send(message)

    def send(self, message: str) -> None:
        """Send a chat message as the user; the reply streams into the log."""
        self.run_worker(self._send(message), group="kernel", exit_on_error=False)

    async def _send(self, message: str) -> None:
        await self.chat.add(UserLine(message))
        await self._exchange(lambda turn: self._stream(turn, self.session.send(message)))

    async def _stream(self, turn: Turn, events) -> None:
        async for event in events:
            await self._show_event(turn, event)

    async def _exchange(self, run) -> None:
        """Run one exchange with the kernel; failures become an error line, never a crash."""
        async with self._busy:
            await self.ready.wait()
            turn = Turn(self.chat)
            if self.session is None:
                await turn.show(ErrorLine("The kernel is not running."))
                return
            try:
                await run(turn)
            except Exception as exc:
                await turn.show(ErrorLine(f"Internal error: {type(exc).__name__}: {exc}"))
            finally:
                await turn.close()
                self.banner.set_activity("")

    async def _show_events(self, turn: Turn, events: list) -> None:
        for event in events:
            await self._show_event(turn, event)

    async def _show_event(self, turn: Turn, event: Any) -> None:
        match event:
            case ev.TextDelta(text=text):
                await turn.write(text)
            case ev.PlanProposed(steps=steps) if len(steps) > 1:
                plan = " → ".join(f"{s.app_id}.{s.function}" for s in steps)
                await turn.show(NoteLine(f"plan: {plan}"))
            case ev.ActionStarted(app_id=app_id, function=function):
                self.banner.set_activity(f"running {app_id}.{function}…")
            case ev.Progress(percent=percent, message=message):
                self.banner.set_activity(f"{percent:.0f}% {message}".strip())
            case ev.ActionFinished(ui=ui, app_id=app_id) if ui:
                await turn.show(render_tree(ui, RenderContext(app_id)))
            case ev.ConfirmationRequired(card=card):
                widget = await turn.show(ConfirmationCard(card))
                widget.scroll_visible(animate=False)
                widget.focus()
            case ev.CardResolved(card_id=card_id, decision=decision):
                self._resolve_card(card_id, decision)
            case ev.PanelInvalidated(app_id=app_id, panel_ids=panel_ids):
                await self.refresh_panels(app_id, panel_ids)
            case ev.ProactiveMessage(app_id=app_id, text=text):
                await turn.show(NoteLine(f"{app_id}: {text}"))
            case ev.Error(message=message, details=details):
                suggestions = details.get("suggestions") if isinstance(details, dict) else None
                await turn.show(ErrorLine(message, [str(s) for s in suggestions or []]))

    # --- cards -------------------------------------------------------------------------------
    @on(ConfirmationCard.Answered)
    def _card_answered(self, message: ConfirmationCard.Answered) -> None:
        message.stop()
        self.run_worker(
            self._answer(message.card_widget, message.decision),
            group="kernel",
            exit_on_error=False,
        )

    async def _answer(self, widget: ConfirmationCard, decision: str) -> None:
        card_id = widget.card.card_id

        async def run(turn: Turn) -> None:
            if decision == "confirm":
                events = await self.session.confirm(card_id)
            else:
                events = await self.session.deny(card_id, "denied in the TUI")
            if any(isinstance(e, ev.Error) and e.code == ev.CARD_NOT_FOUND for e in events):
                widget.resolve("expired")
            await self._show_events(turn, events)

        await self._exchange(run)
        if self.focused is None or self.focused is widget:
            self.prompt.focus()

    def _resolve_card(self, card_id: str, decision: str) -> None:
        for widget in self.query(ConfirmationCard):
            if widget.card.card_id == card_id:
                widget.resolve(decision)
                if self.focused is widget:
                    self.prompt.focus()

    # --- panels ------------------------------------------------------------------------------
    async def refresh_panels(self, app_id: str | None = None, panel_ids=None) -> None:
        for view in self.panels.views():
            if app_id is not None and view.app_id != app_id:
                continue
            if panel_ids is not None and view.panel_id not in panel_ids:
                continue
            await self._render_panel(view)

    async def _render_panel(self, view: PanelView) -> None:
        try:
            tree = await self.session.render(view.app_id, view.panel_id, view.params or None)
        except Exception as exc:  # render() should never raise; if it does, show it in place
            tree = {"type": "Error", "props": {"title": view.title, "message": str(exc)}}
        await view.show(tree)

    @on(UiAction)
    def _ui_action(self, message: UiAction) -> None:
        """A panel button or row fired an action: run it like the web panel host would."""
        message.stop()
        action, app_id = message.action, message.app_id
        kind = action.get("action")
        if kind == "send":
            text = action.get("message")
            if not isinstance(text, str) or not text.strip():
                return
            if text != text.rstrip():  # "create a note titled ": the user finishes it
                self.prompt.value = text
                self.prompt.cursor_position = len(text)
                self.prompt.focus()
            else:
                self.send(text)
        elif kind == "call":
            function = action.get("function")
            params = action.get("params") if isinstance(action.get("params"), dict) else {}
            if not isinstance(function, str) or not function:
                return
            if function.startswith("__panel__"):
                self.run_worker(
                    self._reload_panel(app_id, function.removeprefix("__panel__"), params),
                    group="kernel",
                    exit_on_error=False,
                )
            else:
                self.run_worker(
                    self._call(app_id, function, params), group="kernel", exit_on_error=False
                )
        elif kind == "open":
            self.run_worker(self.chat.add(NoteLine(f"Open in a browser: {action.get('url')}")))
        else:
            self.notify(f"The terminal cannot {kind!s} yet.", severity="warning")

    async def _call(self, app_id: str, function: str, params: dict) -> None:
        await self.chat.add(UserLine(f"{app_id}.{function}", call=True))

        async def run(turn: Turn) -> None:
            await self._show_events(turn, await self.session.call(app_id, function, params))

        await self._exchange(run)

    async def _reload_panel(self, app_id: str, panel_id: str, params: dict) -> None:
        async with self._busy:
            for view in self.panels.views():
                if view.app_id == app_id and view.panel_id == panel_id:
                    view.params.update(params)  # panel params merge, as the web host does
                    await self._render_panel(view)

    # --- development: hot reload (imperal-shell dev) ---------------------------------------
    async def _watch(self, path: Path) -> None:
        try:
            from imperal_tui.devtools import reload_watch

            await self.chat.add(NoteLine(f"dev: watching {path} for changes"))
            await reload_watch.watch(
                path, lambda root, _names: self.reload_extension(root), stop=self._stop_watching
            )
        except Exception as exc:  # no watcher (say, inotify limits): say so, keep the chat up
            await self.chat.add(ErrorLine(f"dev: cannot watch {path}: {type(exc).__name__}: {exc}"))

    async def reload_extension(self, path: Path) -> Any:
        """Re-import the extension at `path`: the chat and session stay, panels re-render, and
        a line says what loaded; a broken edit shows file:line and the old version keeps running."""
        await self.ready.wait()
        async with self._busy:
            if self.kernel is None:
                return None
            result = await self.kernel.reload_extension(path)
            if isinstance(result, LoadError):
                text = f"reload failed, the previous version keeps running: {result.message}"
                await self.chat.add(ErrorLine(text))
                self.notify(text, severity="error", timeout=8)
                return result
            count = len(result.functions)
            text = f"reloaded {result.app_id} ({count} function{'' if count == 1 else 's'})"
            await self.chat.add(NoteLine(text))
            self.notify(text)
            self.banner.set_kernel(self.kernel.llm_mode, len(self.kernel.extensions()))
            await self._sync_panels()
            return result

    async def _sync_panels(self) -> None:
        """Mount the left panels the catalog now has (params kept), then render them all."""
        wanted = [p for p in self.kernel.panels() if p.slot == "left"]
        views = self.panels.views()
        if [(p.app_id, p.panel_id, p.title) for p in wanted] != [
            (v.app_id, v.panel_id, v.title) for v in views
        ]:
            params = {(v.app_id, v.panel_id): v.params for v in views}
            await self.panels.remove_children()
            fresh = [PanelView(p.app_id, p.panel_id, p.title) for p in wanted]
            for view in fresh:
                view.params.update(params.get((view.app_id, view.panel_id), {}))
            await self.panels.mount_all(fresh)
        for view in self.panels.views():
            await self._render_panel(view)

    # --- keys ----------------------------------------------------------------------------------
    def action_focus_prompt(self) -> None:
        self.prompt.focus()

    def action_toggle_focus(self) -> None:
        focused = self.focused
        if focused is not None and self.panels in focused.ancestors:
            self.prompt.focus()
        elif not self.panels.focus_first():
            self.notify("No panel has anything to select.")

    async def action_refresh_panels(self) -> None:
        if self.session is not None:
            async with self._busy:
                await self.refresh_panels()

    def action_scroll_chat(self, pages: int) -> None:
        chat = self.chat
        chat.scroll_relative(y=pages * max(1, chat.size.height - 2), animate=False)


def run_tui(config: KernelConfig, user: str, **options: Any) -> int:
    """Run the TUI until the user quits; the exit code for `imperal-shell`. `options` go to
    `ShellApp` (`extra_extensions`, `watch_paths` for `imperal-shell dev`)."""
    app = ShellApp(config, user, **options)
    app.run()
    return app.return_code or 0
