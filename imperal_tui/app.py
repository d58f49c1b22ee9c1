"""The Textual TUI: chat in the middle, extension panels on the left, a prompt at the bottom.

The app is a client of the kernel of its data dir: it attaches to the resident kernel over
its socket (starting it when needed), or, with IMPERAL_SHELL_SERVER=0 and for `dev`, runs one
in this process behind the same client. It holds a session and renders its typed events;
every side effect (chat, panel buttons, card answers) goes through the session, so the
kernel's gates always apply. The user's subscription brings what other clients and tasks do:
panels re-render when any client writes, messages and late task results show in the chat.

Keys: Esc (or ctrl+c) cancels the running request in the kernel; a call that runs long goes
on as a task and frees the prompt; ctrl+q quits.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, TextArea

from imperal_tui.commands.history import InputHistory
from imperal_tui.ledger_notice import warn_if_ledger_broken
from imperal_tui.renderer import RenderContext, UiAction, render_tree
from imperal_tui.widgets.banner import StatusBanner
from imperal_tui.widgets.cards import CardLine, CardQueue, ConfirmationCard
from imperal_tui.widgets.chat import ChatLog, ErrorLine, NoteLine, PromptInput, Turn, UserLine
from imperal_tui.widgets.chat.queued import queued_inputs
from imperal_tui.widgets.panels import PanelColumn, PanelView
from imperal_tui.widgets.panels.invalidation import ECHO_WAIT, InvalidationEchoes
from imperal_tui.widgets.panels.slots import (
    cycle_focus,
    follow_width,
    panel_views,
    sync_slots,
    toggle_sidebar,
)
from imperal_tui.widgets.tray import TrayButton, TrayController, TrayStrip, is_toast, show_toast
from imperal_tui.widgets.tray.live import LiveUpdates
from kernel import events as ev
from kernel.config import KernelConfig

# Styles are data in the top-level `themes/` folder, shipped beside this package.
STYLESHEET = Path(__file__).resolve().parent.parent / "themes" / "shell.tcss"

WELCOME = (
    "Type a request and press Enter, e.g. “add a task buy milk”, “show my notes”, "
    "“create a note titled Q3”. ctrl+l moves between the panels and the prompt; F1 shows "
    "the keys, ctrl+p every command."
)
LOST_TEXT = "the connection to the kernel was lost"  # kernel.rpc.async_client.LOST
QUIT_AGAIN_S = 2.0  # a second ctrl+c at an idle, empty prompt within this long quits


@dataclass
class _Running:
    """The request in the foreground: its kernel turn and whether the user stopped it."""

    turn: Any
    cancel_asked: bool = False
    finished_ok: bool = False


class ShellApp(App):
    CSS_PATH = STYLESHEET
    TITLE = "imperal-shell"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (180, "-roomy")]  # side widths

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("ctrl+l", "toggle_focus", "Panels/Prompt", priority=True, id="toggle_focus"),
        Binding("ctrl+r", "refresh_panels", "Refresh", id="refresh_panels"),
        Binding("escape", "cancel_turn", "Cancel", id="cancel_turn"),
        Binding("ctrl+c", "interrupt", "Cancel", show=False, priority=True, id="interrupt"),
        Binding("ctrl+y", "card('confirm')", "Approve card", priority=True, id="approve_card"),
        Binding("ctrl+n", "card('deny')", "Deny card", priority=True, id="deny_card"),
        Binding("pageup", "scroll_chat(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll_chat(1)", "Scroll", show=False),
        Binding("f1", "help", "Help", show=False, id="help"),
        Binding("ctrl+p", "palette", "Commands", show=False, id="palette"),
        Binding("f2", "toggle_sidebar('left')", "Left panels", show=False, id="toggle_left"),
        Binding("f3", "toggle_sidebar('right')", "Right panels", show=False, id="toggle_right"),
        Binding("ctrl+t", "focus_tray", "Tray", show=False, id="focus_tray"),
    ]

    def __init__(
        self,
        config: KernelConfig,
        user: str,
        *,
        extra_extensions: Sequence[Path] = (),
        watch_paths: Sequence[Path] = (),
        resident: bool | None = None,
    ) -> None:
        """`extra_extensions`: folders loaded on top of the installed ones; each of
        `watch_paths` (an extension folder) is reloaded when its files change (`dev`).
        `resident`: attach to the data dir's resident kernel (True), run one in this process
        (False), or as IMPERAL_SHELL_SERVER says (None). The resident kernel cannot load a
        development folder, so `extra_extensions` means in-process."""
        super().__init__()
        self.config = config
        self.user = user
        self.extra_extensions = tuple(Path(p).resolve() for p in extra_extensions)
        self.watch_paths = tuple(Path(p).resolve() for p in watch_paths)
        self.resident = False if self.extra_extensions else resident
        self._stop_watching = threading.Event()
        self.client: Any = None  # kernel.rpc.async_client.AsyncClient
        self.session: Any = None  # its RemoteSession for `user`
        self.ready = asyncio.Event()
        self.turn_llm: tuple[str, str] | None = None  # /provider NAME [MODEL] for this window
        self.join_conversation: str | None = None  # /history: the next message continues it
        self.llm_mode = "unknown"  # the kernel's model, as it describes it
        self._busy = asyncio.Lock()  # one foreground exchange at a time, in order
        self._foreground: _Running | None = None
        self._following: dict[str, str] = {}  # task id -> "app.function" (promoted calls)
        self._echoes = InvalidationEchoes()
        self._subscribed = False  # the subscription is live: panels refresh from it
        self._closing = False
        self._watching = False
        self._interrupted_at = 0.0

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBanner(self.user, id="banner")
        yield TrayStrip(id="tray")
        with Horizontal(id="main"):
            yield PanelColumn("left", id="panels")
            yield ChatLog(id="chat")
            yield PanelColumn("right", id="panels-right")
        yield PromptInput(id="prompt", history=InputHistory.in_data_dir(self.config.data_dir))
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

    @property
    def connected(self) -> bool:
        return self.client is not None and not self.client.closed.is_set()

    async def on_mount(self) -> None:
        from imperal_tui import keymap
        from imperal_tui.theming import install

        themed = install(self, getattr(self.config, "config_dir", None))
        keys_left_out = keymap.apply(self, getattr(self.config, "config_dir", None))  # [keys]
        self.tray = TrayController(self, self.query_one(TrayStrip))
        self.live = LiveUpdates(self, self.tray)
        self.prompt.focus()
        await self.chat.add(NoteLine(WELCOME))
        if themed:
            await self.chat.add(ErrorLine(themed))
        if keys_left_out:
            await self.chat.add(NoteLine(keys_left_out, warning=True))
        # The kernel link starts once the first frame is out: its imports do not delay it.
        self.call_after_refresh(self.run_worker, self._boot(), name="boot", exit_on_error=False)

    async def _boot(self) -> None:
        try:
            await self._connect(first=True)
        except Exception as exc:  # no traceback on screen: say what failed and stay up
            self.banner.set_failed(type(exc).__name__)
            await self.chat.add(ErrorLine(f"The kernel could not start: {_one_line(exc)}"))
        finally:
            self.ready.set()
        # what start-up built lives as long as the app: out of the collector's way, so a
        # full collection does not stall a streaming reply (tui_chat's worst frames)
        gc.freeze()
        if self.connected:
            self._start_watching()

    def _start_watching(self) -> None:
        """`dev`: watch the development folders, once a kernel can reload them."""
        if self._watching:
            return
        self._watching = True
        for path in self.watch_paths:
            self.run_worker(
                self._watch(path), name=f"watch {path}", group="listen", exit_on_error=False
            )

    async def _connect(self, *, first: bool = False) -> None:
        """Open a client on the kernel, subscribe, then (re)build the panels from its catalog.

        The subscription starts before the panels render, so no change made meanwhile by
        another client is missed."""
        from kernel.client import open_async_client

        options: dict[str, Any] = {}
        if self.extra_extensions:
            options["extra_extensions"] = self.extra_extensions
        client = await open_async_client(self.config, resident=self.resident, **options)
        try:
            catalog = await client.catalog()
            subscription = client.subscribe(self.user)
            subscribed = await subscription.started()
        except BaseException:
            await client.close()
            raise
        self.client, self.session = client, client.session(self.user)
        self._subscribed = subscribed
        self._echoes.clear()
        self.llm_mode = catalog["llm_mode"]
        self.banner.set_kernel(catalog["llm_mode"], len(catalog["extensions"]))
        if first:
            for error in catalog["load_errors"]:
                await self.chat.add(
                    NoteLine(
                        f"Extension {error.name} was not loaded: {error.message}", warning=True
                    )
                )
            await self._queue_pending_cards()
            self.run_worker(
                warn_if_ledger_broken(self, client), group="listen", exit_on_error=False
            )
        if subscribed:
            self.run_worker(
                self._listen(client, subscription),
                name="subscription",
                group="listen",
                exit_on_error=False,
            )
        else:
            await self.chat.add(
                NoteLine(
                    "The kernel did not accept a subscription: changes from other programs"
                    " show after ctrl+r.",
                    warning=True,
                )
            )
        self.run_worker(
            self._watch_connection(client), name="connection", group="listen", exit_on_error=False
        )
        await self._sync_panels(catalog)
        await self.tray.sync(client)

    async def _watch_connection(self, client: Any) -> None:
        await client.closed.wait()
        if self._closing or client is not self.client:
            return
        self._subscribed = False
        self.banner.set_lost()
        self.banner.set_tasks(0)
        self._following.clear()
        await self.chat.add(
            ErrorLine(
                "The connection to the kernel was lost. The TUI stays up: your next message"
                " (or ctrl+r) reconnects; calls that went on as tasks carry on in the kernel."
            )
        )

    async def _ensure_connected(self) -> str | None:
        """None when a kernel answers (reconnecting if the connection was lost), else why not."""
        if self.connected:
            return None
        old, self.client, self.session = self.client, None, None
        if old is not None:
            with contextlib.suppress(Exception):  # the old connection is gone anyway
                await old.close()
        try:
            await self._connect(first=old is None)
        except Exception as exc:
            self.banner.set_failed(type(exc).__name__)
            return _one_line(exc)
        if old is not None:
            await self.chat.add(NoteLine("reconnected to the kernel"))
        self._start_watching()
        return None

    async def _listen(self, client: Any, subscription: Any) -> None:
        """The user's subscription: what other clients, tasks and extensions did."""
        try:
            async for event in subscription:
                if client is not self.client:
                    break
                try:
                    self.live.seen(event, proactive=True)
                    await self._show_proactive(event)
                except Exception as exc:
                    await self.chat.add(ErrorLine(f"Internal error: {type(exc).__name__}: {exc}"))
        finally:
            if client is self.client:
                self._subscribed = False
                for app_id, panel_ids in self._echoes.clear():
                    self._invalidate(app_id, panel_ids)

    async def _show_proactive(self, event: Any) -> None:
        match event:
            case ev.PanelInvalidated(app_id=app_id, panel_ids=panel_ids):
                self._echoes.from_subscription((app_id, panel_ids))
                self._invalidate(app_id, panel_ids)
            case ev.ProactiveMessage(app_id=app_id, text=text):
                await self.chat.add(NoteLine(f"{app_id}: {text}"))
            case ev.ActionFinished(app_id=app_id, ui=ui) if is_toast(ui):
                show_toast(self, ui, app_id)
            case ev.ActionFinished(app_id=app_id, function=function, ui=ui) if ui:
                await self.chat.add(NoteLine(f"result of {app_id}.{function}:"))
                await self.chat.add(render_tree(ui, RenderContext(app_id)))
            case ev.ActionFinished(app_id=app_id, function=function, ok=True, summary=summary):
                await self.chat.add(NoteLine(f"✓ {app_id}.{function}: {summary or 'done'}"))
            case ev.ActionFinished(app_id=app_id, function=function, error=error, status=status):
                await self.chat.add(ErrorLine(f"{app_id}.{function} {status}: {error}"))
            case ev.Error(message=message) if message == LOST_TEXT:
                pass  # the connection watcher says so, once
            case ev.Progress() | ev.ActionStarted():
                pass  # someone else's call in progress: its result is what matters
            case _:
                turn = Turn(self.chat)
                try:
                    await self._show_event(turn, event)
                finally:
                    await turn.close()

    async def wait_idle(self) -> None:
        """Until the kernel is up, no exchange or panel render is running and no panel
        refresh is still due (tests, scripted runs)."""
        await self.ready.wait()
        while True:
            busy = [
                w for w in self.workers if w.group not in ("listen", "follow") and not w.is_finished
            ]
            if busy:
                await self.workers.wait_for_complete(busy)
            elif self._echoes.waiting:
                await asyncio.sleep(0.01)
                self._refresh_overdue()
            else:
                return

    async def on_unmount(self) -> None:
        self._closing = True
        self._stop_watching.set()
        client, self.client = self.client, None
        if client is not None:
            await client.close()

    # --- chat -------------------------------------------------------------------------------
    @on(PromptInput.Submitted, "#prompt")
    def _prompt_submitted(self, event: PromptInput.Submitted) -> None:
        from imperal_tui.commands import slash

        message = event.value.strip()
        self.prompt.clear()
        if slash.is_command(message):  # never sent to the model
            self.run_worker(slash.run(self, message), group="kernel", exit_on_error=False)
        elif message:
            self.send(message)

    def send(self, message: str) -> None:
        """Send a chat message as the user; the reply streams into the log. While another
        request runs it waits its turn, listed above the prompt (`QueuedInputs`)."""
        queued = queued_inputs(self.prompt)
        ticket = queued.add(message) if self._busy.locked() or len(queued) else None
        self.run_worker(self._send(message, ticket), group="kernel", exit_on_error=False)

    async def _send(self, message: str, ticket: int | None = None) -> None:
        provider, model = self.turn_llm or (None, None)  # /provider for this window
        joining, self.join_conversation = self.join_conversation, None

        def start() -> Any:
            queued_inputs(self.prompt).take(ticket)  # its turn has come: off the strip
            return self.session.send(
                message, provider=provider, model=model or None, conversation_id=joining
            )

        try:
            await self._exchange(UserLine(message), start)
        finally:
            queued_inputs(self.prompt).take(ticket)

    async def _exchange(
        self,
        header: Any,
        start: Callable[[], Any],
        watch: Callable[[Any], None] | None = None,
    ) -> None:
        """Run one request in the foreground: `header` (what the user did) goes to the chat,
        `start()` opens the kernel turn, and its events render as they come. Failures become an
        error line, never a crash. A call promoted to a task frees the prompt: the rest of its
        turn is followed in the background."""
        async with self._busy:
            await self.ready.wait()
            if header is not None:
                await self.chat.add(header)
            turn = Turn(self.chat)
            why = await self._ensure_connected()
            if why is not None:
                await turn.show(ErrorLine(f"The kernel is not running: {why}"))
                return
            try:
                kernel_turn = start()
                running = self._foreground = _Running(kernel_turn)
                self.refresh_bindings()
                async for event in kernel_turn:
                    self.live.seen(event)
                    if watch is not None:
                        watch(event)
                    if isinstance(event, ev.ActionFinished) and event.ok:
                        running.finished_ok = True
                    if isinstance(event, ev.TaskPromoted):
                        self._following[event.task_id] = f"{event.app_id}.{event.function}"
                        self.banner.set_tasks(len(self._following))
                    await self._show_event(turn, event)
                    if isinstance(event, ev.TaskPromoted):
                        self._follow(kernel_turn, event)
                        return
                if running.cancel_asked and kernel_turn.result is None:
                    await turn.show(NoteLine(_cancelled_text(running.finished_ok), warning=True))
            except Exception as exc:
                await turn.show(ErrorLine(f"Internal error: {type(exc).__name__}: {exc}"))
            finally:
                self._foreground = None
                self.refresh_bindings()
                await turn.close()
                self.banner.set_activity("")

    def _follow(self, kernel_turn: Any, promoted: ev.TaskPromoted) -> None:
        self.run_worker(
            self._follow_task(kernel_turn, promoted),
            name=f"task {promoted.task_id}",
            group="follow",
            exit_on_error=False,
        )

    async def _follow_task(self, kernel_turn: Any, promoted: ev.TaskPromoted) -> None:
        """The rest of a promoted call's turn: its result, shown when it comes."""
        turn: Turn | None = None
        try:
            async for event in kernel_turn:
                self.live.seen(event)
                if isinstance(event, ev.Progress | ev.ActionStarted):
                    continue  # the banner belongs to the foreground request
                if turn is None:
                    turn = Turn(self.chat)
                    name = f"{promoted.app_id}.{promoted.function}"
                    await turn.show(NoteLine(f"task {promoted.task_id} ({name}) reports:"))
                await self._show_event(turn, event)
        except Exception as exc:
            await self.chat.add(ErrorLine(f"Internal error: {type(exc).__name__}: {exc}"))
        finally:
            if turn is not None:
                await turn.close()
            self._following.pop(promoted.task_id, None)
            self.banner.set_tasks(len(self._following))

    async def _show_event(self, turn: Turn, event: Any) -> None:
        match event:
            case ev.TextDelta(text=text):
                await turn.write(text)
            case ev.PlanProposed(steps=steps) if len(steps) > 1:
                plan = " → ".join(f"{s.app_id}.{s.function}" for s in steps)
                await turn.show(NoteLine(f"plan: {plan}"))
            case ev.ActionStarted(app_id=app_id, function=function):
                self.banner.set_activity(f"running {app_id}.{function}… (esc cancels)")
            case ev.Progress(percent=percent, message=message):
                self.banner.set_activity(f"{percent:.0f}% {message}".strip())
            case ev.ActionFinished(ui=ui, app_id=app_id) if is_toast(ui):
                show_toast(self, ui, app_id)
            case ev.ActionFinished(ui=ui, app_id=app_id) if ui:
                await turn.show(render_tree(ui, RenderContext(app_id)))
            case ev.StepSkipped(step_id=step_id, app_id=app_id, function=function, reason=why):
                await turn.show(NoteLine(f"skipped {step_id} ({app_id}.{function}): {why}"))
            case ev.ConfirmationRequired(card=card):
                await turn.show(CardLine(card))  # the card itself waits above the prompt
                await (await self._card_queue()).add(card)
            case ev.CardResolved(card_id=card_id, decision=decision, reason=reason):
                self._resolve_card(card_id, decision, reason)
            case ev.PanelInvalidated(app_id=app_id, panel_ids=panel_ids):
                if self._subscribed:  # its twin on the subscription refreshes the panels
                    self._echoes.from_turn((app_id, panel_ids))
                    self.set_timer(ECHO_WAIT + 0.05, self._refresh_overdue)
                else:
                    self._invalidate(app_id, panel_ids)
            case ev.TaskPromoted(message=message, task_id=task_id, app_id=app_id):
                self.banner.set_activity("")
                text = message or f"{app_id} goes on as task {task_id}; its result will follow."
                await turn.show(NoteLine(f"⏳ {text}"))
            case ev.Notice(message=message):
                self.banner.set_notice(message)
                await turn.show(NoteLine(f"⚠ {message}", warning=True))
            case ev.ProactiveMessage(app_id=app_id, text=text):
                await turn.show(NoteLine(f"{app_id}: {text}"))
            case ev.Error(message=message) if message == LOST_TEXT and not self.connected:
                pass  # the connection watcher says so, once, with what to do
            case ev.Error(message=message, details=details):
                suggestions = details.get("suggestions") if isinstance(details, dict) else None
                await turn.show(ErrorLine(message, [str(s) for s in suggestions or []]))

    # --- cancelling ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_focus" and len(self.screen_stack) > 1:
            return False  # a screen over the chat (imperal_tui/screens): no panels in reach
        if action == "card":  # ctrl+y / ctrl+n only while a card waits
            return any(len(queue) for queue in self.query(CardQueue))
        if action == "cancel_turn":  # hidden (and Esc passes on) when nothing runs
            return self._foreground is not None
        if action == "interrupt" and self._foreground is None:
            focused = self.focused
            if isinstance(focused, Input | TextArea) and not focused.selection.is_empty:
                return False  # ctrl+c copies the selected text
        return True

    async def action_cancel_turn(self) -> None:
        """Esc: stop the running request in the kernel; what had not committed never will."""
        running = self._foreground
        if running is None or running.cancel_asked:
            return
        running.cancel_asked = True
        self.banner.set_activity("cancelling…")
        await running.turn.cancel()

    async def action_interrupt(self) -> None:
        """ctrl+c: cancel the running request; else clear the prompt; twice at an empty
        prompt quits (as ctrl+q does)."""
        if self._foreground is not None:
            self._interrupted_at = 0.0
            await self.action_cancel_turn()
            return
        if self.prompt.value:
            self._interrupted_at = 0.0
            self.prompt.clear()
            return
        now = time.monotonic()
        if now - self._interrupted_at < QUIT_AGAIN_S:
            self.exit()
            return
        self._interrupted_at = now
        self.notify("Press ctrl+c again to quit (or ctrl+q).", timeout=QUIT_AGAIN_S)

    # --- cards -------------------------------------------------------------------------------
    @on(ConfirmationCard.Answered)
    def _card_answered(self, message: ConfirmationCard.Answered) -> None:
        message.stop()
        self.run_worker(
            self._answer(message.card_widget, message.decision, message.reason),
            group="kernel",
            exit_on_error=False,
        )

    async def _answer(self, widget: ConfirmationCard, decision: str, reason: str = "") -> None:
        """Send the answer; the digest on screen goes with an approval (nothing runs if the
        pending card is not the one shown)."""
        card = widget.card
        name = f"{card.app_id}.{card.function}"

        def start() -> Any:
            if decision == "confirm":
                return self.session.confirm(card.card_id, card.digest)
            return self.session.deny(card.card_id, reason)

        def watch(event: Any) -> None:
            if isinstance(event, ev.Error) and event.code in (ev.CARD_NOT_FOUND, ev.CARD_EXPIRED):
                self._resolve_card(card.card_id, "expired")

        said = f"approve {name} (digest {card.short_digest})"
        if decision != "confirm":
            said = f"deny {name}" + (f": {reason}" if reason else "")
        await self._exchange(UserLine(said, call=True), start, watch)
        for queue in self.query(CardQueue):
            if queue.get(card.card_id) is widget:  # the kernel did not take it: ask again
                widget.answering(None)

    async def _queue_pending_cards(self) -> None:
        """Cards left waiting before this window opened (by `run`, another client, before a
        restart) join the queue, so they can be answered here."""
        try:
            pending = await self.session.pending_cards()
        except Exception as exc:  # the kernel went away: the connection watcher says so
            self.log.warning(f"pending cards: {exc}")
            return
        if not pending:
            return
        s = "" if len(pending) == 1 else "s"
        await self.chat.add(NoteLine(f"{len(pending)} card{s} waiting from before:", warning=True))
        queue = await self._card_queue()
        for card in pending:
            await self.chat.add(CardLine(card))
            await queue.add(card)

    async def _card_queue(self) -> CardQueue:
        """The pending cards, docked above the prompt (mounted with the first one)."""
        for queue in self.query(CardQueue):
            return queue
        queue = CardQueue(self.prompt)
        await self.screen.mount(queue, before=self.prompt)
        return queue

    def action_card(self, decision: str) -> None:
        """ctrl+y approves the card on show; ctrl+n denies it (a reason line first)."""
        for queue in self.query(CardQueue):
            note = queue.request(decision)
            if note:
                self.notify(note)

    def _resolve_card(self, card_id: str, decision: str, reason: str = "") -> None:
        for queue in self.query(CardQueue):
            queue.drop(card_id)
        for line in self.query(CardLine):
            if line.card.card_id == card_id and line.outcome is None:
                line.resolve(decision, reason)

    # --- panels ------------------------------------------------------------------------------
    def _invalidate(self, app_id: str, panel_ids: Sequence[str] | None = None) -> None:
        """Re-render the panels of `app_id` (those in `panel_ids`, or all), coalesced."""
        for view in panel_views(self):
            if view.app_id == app_id and (panel_ids is None or view.panel_id in panel_ids):
                self._schedule_render(view)

    def _refresh_overdue(self) -> None:
        for app_id, panel_ids in self._echoes.overdue():
            self._invalidate(app_id, panel_ids)

    def _schedule_render(self, view: PanelView) -> None:
        if view.render_queued:
            return  # a render that has not started yet will show this change too
        view.render_queued = True
        self.run_worker(self._render_panel(view), group="panels", exit_on_error=False)

    async def refresh_panels(self, app_id: str | None = None, panel_ids=None) -> None:
        """Re-render panels now (all, or those of `app_id` / in `panel_ids`)."""
        for view in panel_views(self):
            if app_id is not None and view.app_id != app_id:
                continue
            if panel_ids is not None and view.panel_id not in panel_ids:
                continue
            await self._render_panel(view)

    async def _render_panel(self, view: PanelView) -> None:
        async with view.render_lock:
            view.render_queued = False
            session = self.session
            if session is None or not view.is_attached:
                return
            try:
                tree = await session.render(view.app_id, view.panel_id, view.params or None)
            except Exception as exc:  # render() never raises but for a lost connection
                if not self.connected:
                    return  # keep what the panel shows; the banner says the kernel is gone
                tree = {"type": "Error", "props": {"title": view.title, "message": str(exc)}}
            if view.is_attached:
                await view.show(tree)

    async def _sync_panels(self, catalog: dict[str, Any]) -> None:
        """Mount the side panels the catalog has (params kept), then render them all, each in
        its own worker (a slow panel holds up neither the prompt nor the other panels)."""
        for view in await sync_slots(self, catalog):
            self._schedule_render(view)

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
                self._reload_panel(app_id, function.removeprefix("__panel__"), params)
            elif function.startswith("__tray__"):  # a tray's own refresh button
                self.tray.invalidate(app_id)
            else:
                self.run_worker(
                    self._call(app_id, function, params), group="kernel", exit_on_error=False
                )
        elif kind == "open":
            self.run_worker(self.chat.add(NoteLine(f"Open in a browser: {action.get('url')}")))
        else:
            self.notify(f"The terminal cannot {kind!s} yet.", severity="warning")

    async def _call(self, app_id: str, function: str, params: dict) -> None:
        await self._exchange(
            UserLine(f"{app_id}.{function}", call=True),
            lambda: self.session.call(app_id, function, params),
        )

    def _reload_panel(self, app_id: str, panel_id: str, params: dict) -> None:
        from imperal_tui.screens.center import open_center_panel

        views = [v for v in panel_views(self) if (v.app_id, v.panel_id) == (app_id, panel_id)]
        for view in views:
            view.params.update(params)  # panel params merge, as the web host does
            self._schedule_render(view)
        if not views:  # a center panel: it opens over the chat
            self.run_worker(open_center_panel(self, app_id, panel_id, params), exit_on_error=False)

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
        a line says what loaded; a broken edit shows file:line and the old version keeps running.

        Only an in-process kernel can (the resident one never loads a development folder)."""
        from kernel.catalog import LoadError

        await self.ready.wait()
        async with self._busy:
            host = getattr(self.client, "host", None) if self.connected else None
            if host is None:
                await self.chat.add(ErrorLine("dev: cannot reload: no kernel runs in this process"))
                return None
            done = asyncio.run_coroutine_threadsafe(host.kernel.reload_extension(path), host.loop)
            try:
                result = await asyncio.wrap_future(done)
            except Exception as exc:  # the kernel failed to reload: keep the chat up
                await self.chat.add(ErrorLine(f"reload failed: {type(exc).__name__}: {exc}"))
                return None
            if isinstance(result, LoadError):
                text = f"reload failed, the previous version keeps running: {result.message}"
                await self.chat.add(ErrorLine(text))
                self.notify(text, severity="error", timeout=8)
                return result
            count = len(result.functions)
            text = f"reloaded {result.app_id} ({count} function{'' if count == 1 else 's'})"
            await self.chat.add(NoteLine(text))
            self.notify(text)
            catalog = await self.client.catalog()
            self.llm_mode = catalog["llm_mode"]
            self.banner.set_kernel(catalog["llm_mode"], len(catalog["extensions"]))
            await self._sync_panels(catalog)
            await self.tray.sync(self.client)
            return result

    # --- keys ----------------------------------------------------------------------------------
    def action_focus_prompt(self) -> None:
        self.prompt.focus()

    def action_help(self) -> None:
        from imperal_tui.commands.help import show_help

        show_help(self)

    def action_palette(self) -> None:
        from imperal_tui.commands.palette import open_palette

        open_palette(self)

    def action_toggle_sidebar(self, slot: str) -> None:
        toggle_sidebar(self, slot)

    def on_resize(self, event: events.Resize) -> None:
        follow_width(self, event.size.width)

    def action_focus_tray(self) -> None:
        if not self.tray.strip.focus_first():
            self.notify("No extension has a tray item.")

    @on(TrayButton.Opened)
    def _tray_opened(self, message: TrayButton.Opened) -> None:
        message.stop()
        self.tray.open(message.button)

    def action_toggle_focus(self) -> None:
        if not cycle_focus(self):
            self.notify("No panel has anything to select.")

    async def action_refresh_panels(self) -> None:
        """ctrl+r: re-render every panel (reconnecting first if the kernel went away)."""
        if not self.ready.is_set():
            return
        if not self.connected:
            self.run_worker(self._reconnect(), group="kernel", exit_on_error=False)
            return
        for view in panel_views(self):
            self._schedule_render(view)
        self.tray.invalidate()

    async def _reconnect(self) -> None:
        async with self._busy:
            why = await self._ensure_connected()
            if why is not None:
                await self.chat.add(ErrorLine(f"The kernel is not running: {why}"))

    def action_scroll_chat(self, pages: int) -> None:
        chat = self.chat
        chat.scroll_relative(y=pages * max(1, chat.size.height - 2), animate=False)


def _cancelled_text(finished_ok: bool) -> str:
    if finished_ok:
        return "cancelled: what had finished before stays done; the rest changed nothing"
    return "cancelled: nothing was changed"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run_tui(config: KernelConfig, user: str, **options: Any) -> int:
    """Run the TUI until the user quits; the exit code for `imperal-shell`. `options` go to
    `ShellApp` (`extra_extensions`, `watch_paths` for `imperal-shell dev`, `resident`)."""
    app = ShellApp(config, user, **options)
    app.run()
    return app.return_code or 0
