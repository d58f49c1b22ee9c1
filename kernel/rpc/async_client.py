"""The asyncio client of the kernel protocol (the TUI's): one connection, many turns at once.

    client = await open_async_client(config)          # kernel.client; starts the kernel if need be
    session = client.session(user)                    # mirrors kernel.session.Session
    async for event in session.send("show my notes"): ...
    turn = session.call("notes", "create_note", {"title": "Q3"})   # a Turn: async iterator
    events = await session.call("notes", "list_notes", {})         # or awaited: a list
    await turn.cancel()                               # Esc: the kernel cancels that call
    tree = await session.render("notes", "sidebar", {})
    async for event in client.subscribe(user): ...    # proactive stream, lasts until cancelled
    await client.close()

Cancelling the task that iterates a turn cancels the turn in the kernel too. When the
connection drops, open turns end with an Error event and `client.closed` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from pathlib import Path
from typing import Any

from kernel import events as ev
from kernel import wire
from kernel.endpoint import UnsafeSocketDir, peer_uid, verify_private_dir
from kernel.rpc import messages as m
from kernel.rpc.framing import MAX_FRAME, FrameTooLarge, ProtocolError, encode, loads
from kernel.rpc.streams import read_frame
from kernel.rpc.sync_client import ERROR_CODES, KernelUnavailable, history_params, send_params

LOST = "the connection to the kernel was lost"


class Turn:
    """One streaming request (send, call, confirm, deny, subscribe): its events, in order.

    The request goes out on first iteration (or `await turn.start()`); `turn.id` is its id,
    `turn.result` the kernel's final result once the iteration ends.
    """

    def __init__(self, client: AsyncClient, method: str, params: dict[str, Any]):
        self.client = client
        self.method = method
        self.params = params
        self.id: int | None = None
        self.result: Any = None
        self._queue: asyncio.Queue = asyncio.Queue()
        self._subscribed = asyncio.get_running_loop().create_future()
        self._done = False
        self._cancel_asked = False

    def __aiter__(self) -> Turn:
        return self

    def __await__(self):
        """`await session.call(...)`: every event of the turn, as a list (as the kernel's)."""
        return self._collect().__await__()

    async def _collect(self) -> list[Any]:
        return [event async for event in self]

    async def __aenter__(self) -> Turn:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    @property
    def done(self) -> bool:
        return self._done

    async def start(self) -> None:
        if self.id is not None or self._done:
            return
        self.id = self.client._register(self)
        try:
            await self.client._send(m.request(self.id, self.method, self.params))
        except FrameTooLarge as exc:
            self._deliver("error", {"code": m.FRAME_TOO_LARGE, "message": f"not sent: {exc}"})
        except (ConnectionError, OSError):
            self._deliver("lost", None)

    async def __anext__(self) -> Any:
        if self._done:
            raise StopAsyncIteration
        await self.start()
        try:
            kind, payload = await self._queue.get()
        except asyncio.CancelledError:
            self._abandon()
            raise
        if kind == "event":
            return wire.event_from_dict(payload)
        self._finish()
        if kind == "result":
            self.result = payload
            raise StopAsyncIteration
        if kind == "lost":
            return ev.Error(ev.INTERNAL, LOST)
        err = m.RpcError(int(payload.get("code", m.INTERNAL_ERROR)), str(payload.get("message")))
        if err.code == m.CANCELLED and self._cancel_asked:
            raise StopAsyncIteration
        return ev.Error(ERROR_CODES.get(err.code, ev.INTERNAL), err.message)

    def _deliver(self, kind: str, payload: Any) -> None:
        if kind == "subscribed":
            if not self._subscribed.done():
                self._subscribed.set_result(True)
            return
        if kind in ("lost", "error", "result") and not self._subscribed.done():
            self._subscribed.set_result(False)
        self._queue.put_nowait((kind, payload))

    def _finish(self) -> None:
        self._done = True
        if self.id is not None:
            self.client._turns.pop(self.id, None)

    def _abandon(self) -> None:
        """The iterating task was cancelled: cancel the turn in the kernel too."""
        if not self._done and self.id is not None:
            self._cancel_asked = True
            self.client._spawn(self.client._cancel_quietly(self.id))

    async def cancel(self) -> bool:
        """Ask the kernel to cancel this turn; its iteration then ends (no error event)."""
        if self._done or self.id is None:
            self._done = True
            return False
        self._cancel_asked = True
        try:
            return bool(await self.client.request("cancel", {"turn": self.id}))
        except (m.RpcError, ConnectionError, OSError):
            return False

    async def aclose(self) -> None:
        if not self._done:
            await self.cancel()
            self._finish()


class Subscription(Turn):
    """`subscribe(user)`: the user's proactive events until cancelled or the connection ends."""

    async def started(self) -> bool:
        """Wait until the kernel has registered the subscription (False if it failed)."""
        await self.start()
        return await asyncio.shield(self._subscribed)


class RemoteSession:
    """The kernel's Session API for one user, over the protocol."""

    def __init__(self, client: AsyncClient, user: str):
        self.client = client
        self.user_id = user

    def send(
        self,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        continue_last: bool = False,
        conversation_id: str | None = None,
    ) -> Turn:
        """`provider`/`model`: this turn's model instead of the kernel's (`/provider`);
        `continue_last`/`conversation_id`: join that conversation (see Session.send)."""
        params = send_params(
            self.user_id, message, continue_last, conversation_id, provider=provider, model=model
        )
        return self.client.stream("send", params)

    async def new_conversation(self) -> None:
        """`/new`: the next message opens a new conversation (this connection's session)."""
        await self.client.new_conversation(self.user_id)

    def call(
        self, app_id: str, function: str, args: dict[str, Any] | None = None, *, source: str = "ui"
    ) -> Turn:
        params = {"user": self.user_id, "app_id": app_id, "function": function}
        return self.client.stream("call", {**params, "args": args or {}, "source": source})

    def run_plan(self, plan: Any) -> Turn:
        """Run a plan of dependent steps (`kernel.router.chain`'s JSON shape)."""
        return self.client.stream("run_plan", {"user": self.user_id, "plan": plan})

    def confirm(self, card_id: str, digest: str | None = None) -> Turn:
        return self.client.stream(
            "confirm", {"user": self.user_id, "card_id": card_id, "digest": digest}
        )

    def deny(self, card_id: str, reason: str = "") -> Turn:
        return self.client.stream(
            "deny", {"user": self.user_id, "card_id": card_id, "reason": reason}
        )

    async def render(
        self, app_id: str, panel_id: str, params: dict[str, Any] | None = None
    ) -> dict:
        return await self.client.render(self.user_id, app_id, panel_id, params)

    async def pending_cards(self) -> list[ev.Card]:
        return await self.client.pending_cards(self.user_id)

    async def tray(self, app_id: str, tray_id: str) -> Any:
        """A tray item's badge and dropdown (kernel.tray.TrayState)."""
        return await self.client.tray(self.user_id, app_id, tray_id)


class AsyncClient:
    def __init__(self, reader, writer, *, max_frame: int = MAX_FRAME):
        self._reader = reader
        self._writer = writer
        self.max_frame = max_frame
        self._next_id = 0
        self._calls: dict[int, asyncio.Future] = {}
        self._turns: dict[int, Turn] = {}
        self._write_lock = asyncio.Lock()
        self._background: set[asyncio.Task] = set()
        self._on_close: Any = None
        self.closed = asyncio.Event()
        self.pid = 0
        self.protocol = 0
        self.llm_mode = "offline"
        self.stale = False
        self._reading = asyncio.ensure_future(self._read_loop())

    # --- connecting ---------------------------------------------------------------------
    @classmethod
    async def connect(
        cls, path: Path, *, timeout: float = 1.0, check_dir: bool = True, **hello: Any
    ) -> AsyncClient:
        if check_dir:
            verify_private_dir(Path(path).parent)
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_unix_connection(str(path), limit=2**16), timeout
            )
        except (OSError, TimeoutError) as exc:
            raise KernelUnavailable(f"nothing answers on {path}: {exc}") from None
        sock = writer.get_extra_info("socket")
        uid = peer_uid(sock) if sock is not None else None
        if uid is not None and uid != os.getuid():
            writer.close()
            raise UnsafeSocketDir(
                f"the process listening on {path} runs as uid {uid}, not as you"
                f" (uid {os.getuid()}); refusing to send it anything"
            )
        return await cls._greet(reader, writer, **hello)

    @classmethod
    async def from_socket(cls, sock: socket.socket, **hello: Any) -> AsyncClient:
        reader, writer = await asyncio.open_connection(sock=sock)
        return await cls._greet(reader, writer, **hello)

    @classmethod
    async def _greet(
        cls,
        reader,
        writer,
        *,
        fingerprint: str | None = None,
        probe: bool = False,
        hello_timeout: float = 10.0,
        max_frame: int = MAX_FRAME,
    ) -> AsyncClient:
        client = cls(reader, writer, max_frame=max_frame)
        try:
            hello = await asyncio.wait_for(
                client.request("hello", {"fingerprint": fingerprint, "probe": probe}),
                hello_timeout,
            )
        except m.RpcError as exc:
            await client.close()
            if exc.code == m.STALE:
                raise KernelUnavailable("the resident kernel is stale: " + exc.message) from None
            raise
        except (TimeoutError, ConnectionError, OSError) as exc:
            await client.close()
            raise KernelUnavailable(f"the kernel did not answer hello: {exc}") from None
        client.pid = hello["pid"]
        client.protocol = hello.get("protocol", 0)
        client.llm_mode = hello.get("llm_mode", "offline")
        client.stale = bool(hello.get("stale"))
        return client

    # --- plumbing -----------------------------------------------------------------------
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _register(self, turn: Turn) -> int:
        rid = self._new_id()
        if self.closed.is_set():
            turn._deliver("lost", None)
        self._turns[rid] = turn
        return rid

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _cancel_quietly(self, turn_id: int) -> None:
        with contextlib.suppress(Exception):
            await self.request("cancel", {"turn": turn_id})

    async def _send(self, msg: dict) -> None:
        data = encode(msg, self.max_frame, "request")  # FrameTooLarge: nothing is sent
        if self.closed.is_set():
            raise ConnectionResetError(LOST)
        async with self._write_lock:
            self._writer.write(data)
            await self._writer.drain()

    async def _read_loop(self) -> None:
        try:
            while True:
                try:
                    body = await read_frame(self._reader, self.max_frame, "answer")
                except FrameTooLarge as exc:  # the kernel never sends one; stay in step anyway
                    self._route(
                        {
                            "id": exc.request_id,
                            "error": {"code": m.FRAME_TOO_LARGE, "message": str(exc)},
                        }
                    )
                    continue
                if body is None:
                    break
                msg = loads(body)
                if isinstance(msg, dict):
                    self._route(msg)
        except (ConnectionError, ProtocolError, OSError):
            pass
        finally:
            self._lost()

    def _route(self, msg: dict) -> None:
        method = msg.get("method")
        if method is not None:
            params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
            turn = self._turns.get(params.get("turn"))
            if turn is None:
                return
            if method == "event":
                turn._deliver("event", params.get("event") or {})
            elif method == "subscribed":
                turn._deliver("subscribed", None)
            return
        rid = msg.get("id")
        future = self._calls.pop(rid, None)
        if future is not None:
            if not future.done():
                if "error" in msg:
                    future.set_exception(m.error_of(msg))
                else:
                    future.set_result(msg.get("result"))
            return
        turn = self._turns.get(rid)
        if turn is not None:
            if "error" in msg:
                turn._deliver("error", msg["error"] if isinstance(msg["error"], dict) else {})
            else:
                turn._deliver("result", msg.get("result"))

    def _lost(self) -> None:
        self.closed.set()
        for future in self._calls.values():
            if not future.done():
                future.set_exception(ConnectionResetError(LOST))
        self._calls.clear()
        for turn in list(self._turns.values()):
            turn._deliver("lost", None)
        self._turns.clear()

    # --- requests -----------------------------------------------------------------------
    async def request(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """One plain request and its result; RpcError for a JSON-RPC error."""
        rid = self._new_id()
        future = asyncio.get_running_loop().create_future()
        self._calls[rid] = future
        try:
            await self._send(m.request(rid, method, params))
            return await future
        finally:
            self._calls.pop(rid, None)

    def stream(self, method: str, params: dict[str, Any]) -> Turn:
        return Turn(self, method, params)

    # --- the API (the same names as the blocking client) ---------------------------------
    def session(self, user: str) -> RemoteSession:
        return RemoteSession(self, user)

    async def catalog(self) -> dict[str, Any]:
        """{"llm_mode", "extensions": [ExtensionInfo], "load_errors": [LoadError]}"""
        raw = await self.request("extensions")
        return {
            "llm_mode": raw.get("llm_mode", self.llm_mode),
            "extensions": [wire.extension_from_dict(e) for e in raw["extensions"]],
            "load_errors": [wire.load_error_from_dict(e) for e in raw["load_errors"]],
            "disabled": [wire.extension_from_dict(e) for e in raw.get("disabled", [])],
        }

    async def set_extension_enabled(self, app_id: str, enabled: bool) -> Any:
        """Turn an extension on or off (kept across restarts); its ExtensionInfo."""
        method = "extensions.enable" if enabled else "extensions.disable"
        return wire.extension_from_dict(await self.request(method, {"app_id": app_id}))

    async def reload_extension_by_id(self, app_id: str) -> Any:
        """Re-read an extension's folder: its ExtensionInfo, or the LoadError (the working
        version keeps running)."""
        raw = await self.request("extensions.reload", {"app_id": app_id})
        if "load_error" in raw:
            return wire.load_error_from_dict(raw["load_error"])
        return wire.extension_from_dict(raw["extension"])

    async def extensions(self) -> list:
        return (await self.catalog())["extensions"]

    async def load_errors(self) -> list:
        return (await self.catalog())["load_errors"]

    async def panels(self, slot: str | None = None) -> list:
        return [
            p
            for info in await self.extensions()
            for p in info.panels
            if slot is None or p.slot == slot
        ]

    async def ledger_status(self) -> str:
        """ "ok", "checking", or why the ledger does not verify (the kernel's start-up check)."""
        return str((await self.request("ledger_status", {}))["ledger"])

    async def prune_ledger(self) -> int:
        """Blank the ledger rows past their retention period now; how many."""
        return int((await self.request("prune_ledger", {}))["pruned"])

    async def learn_secrets(self) -> int:
        """Have the kernel read the secrets store again for redaction; how many values."""
        return int((await self.request("learn_secrets", {}))["learned"])

    async def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        return await self.request("audit", {"limit": limit, "user": user_id})

    def send(self, user: str, message: str, **joining: Any) -> Turn:
        """`joining`: continue_last / conversation_id, as RemoteSession.send takes them."""
        return self.session(user).send(message, **joining)

    def call(
        self, user: str, app_id: str, function: str, args: dict | None = None, source: str = "ui"
    ) -> Turn:
        return self.session(user).call(app_id, function, args, source=source)

    def run_plan(self, user: str, plan: Any) -> Turn:
        return self.session(user).run_plan(plan)

    def confirm(self, user: str, card_id: str, digest: str | None = None) -> Turn:
        return self.session(user).confirm(card_id, digest)

    def deny(self, user: str, card_id: str, reason: str = "") -> Turn:
        return self.session(user).deny(card_id, reason)

    async def render(
        self, user: str, app_id: str, panel_id: str, params: dict[str, Any] | None = None
    ) -> dict:
        return await self.request(
            "render", {"user": user, "app_id": app_id, "panel_id": panel_id, "params": params}
        )

    async def pending_cards(self, user: str) -> list[ev.Card]:
        return [wire.card_from_dict(c) for c in await self.request("pending_cards", {"user": user})]

    async def tray_items(self) -> list:
        """The declared tray items (kernel.tray.TrayInfo), in drawing order."""
        from kernel.tray import info_from_dict

        return [info_from_dict(d) for d in await self.request("tray.items")]

    async def tray(self, user: str, app_id: str, tray_id: str) -> Any:
        from kernel.tray import state_from_dict

        params = {"user": user, "app_id": app_id, "tray_id": tray_id}
        return state_from_dict(await self.request("tray.render", params))

    def subscribe(self, user: str) -> Subscription:
        return Subscription(self, "subscribe", {"user": user})

    async def tasks(self, user: str) -> list[dict[str, Any]]:
        return await self.request("tasks", {"user": user})

    async def cancel_task(self, user: str, task_id: str) -> bool:
        return bool(await self.request("tasks.cancel", {"user": user, "task_id": task_id}))

    async def history(
        self,
        user: str,
        *,
        search: str | None = None,
        conversation_id: str | None = None,
        limit: int = 20,
    ) -> dict[str, Any]:
        """{"conversations": [...]}, {"search", "matches": [...]} or {"conversation": ...}."""
        return await self.request("history", history_params(user, search, conversation_id, limit))

    async def new_conversation(self, user: str) -> bool:
        return bool(await self.request("new_conversation", {"user": user}))

    async def shutdown(self) -> None:
        await self.request("shutdown")

    async def close(self) -> None:
        """Hang up (the kernel cancels our running turns) and release an embedded kernel."""
        if not self._writer.is_closing():
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
        self._reading.cancel()
        with contextlib.suppress(BaseException):
            await self._reading
        self._lost()
        for task in list(self._background):
            task.cancel()
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            await asyncio.to_thread(on_close)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


# --- opening ------------------------------------------------------------------------------
async def open_async(
    config, *, resident: bool, start_timeout: float = 60.0, extra_extensions=()
) -> AsyncClient:
    if not resident:
        from kernel.rpc.embedded import EmbeddedHost

        host = await asyncio.to_thread(EmbeddedHost, config, extra_extensions=extra_extensions)
        try:
            sock = await asyncio.to_thread(host.connect_socket)
            client = await AsyncClient.from_socket(sock)
        except BaseException:
            await asyncio.to_thread(host.close)
            raise
        client._on_close = host.close
        client.host = host  # the in-process kernel (for `dev`: host.run(kernel.reload_...))
        return client
    return await _connect_or_start(config, start_timeout)


async def _connect_or_start(config, timeout: float) -> AsyncClient:
    from kernel import client as sync
    from kernel.endpoint import private_socket_path
    from kernel.fingerprint import fingerprint

    fp = fingerprint(config)

    async def attempt() -> AsyncClient:
        path = private_socket_path(config, create=False)
        return await AsyncClient.connect(path, fingerprint=fp)

    try:
        return await attempt()
    except KernelUnavailable as exc:
        if "stale" in str(exc):
            await asyncio.to_thread(sync._wait_lock_free, config, sync.STALE_EXIT_WAIT)
    private_socket_path(config, create=True)
    deadline = time.monotonic() + timeout
    proc = None
    spawns = 0
    while True:
        sync._check_not_embedded(config)
        if proc is None or (proc.poll() == 0 and spawns < 5 and sync.lock_holder(config) is None):
            proc = sync.spawn_server(config)
            spawns += 1
        try:
            return await attempt()
        except KernelUnavailable:
            pass
        code = proc.poll()
        if code not in (None, 0):
            sync._check_not_embedded(config)
            raise sync.KernelStartFailed(
                f"the resident kernel exited with status {code} while starting;"
                f" see {sync.log_path(config)}: {sync._last_log_line(config)}"
            )
        if time.monotonic() > deadline:
            raise sync.KernelStartFailed(
                f"no resident kernel answered within {timeout:g} s; see {sync.log_path(config)}"
            )
        await asyncio.sleep(0.05)
