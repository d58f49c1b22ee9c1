"""The server side of the kernel protocol: one `Connection` per client, many turns at once.

Every request but `hello` and `cancel` runs as its own asyncio task (a turn); its events go out
as notifications tagged with the request id, then its result. A connection's turns are
cancelled when it closes: the executor commits nothing for a cancelled call (a call already
promoted to a background task carries on as that task).

Session methods may be sync or async and may return a list or an async iterator of events: the
dispatcher awaits what is awaitable and iterates what is iterable.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from kernel import events as ev
from kernel import wire
from kernel.endpoint import peer_uid
from kernel.rpc import messages as m
from kernel.rpc.framing import MAX_FRAME, FrameTooLarge, ProtocolError, encode, loads
from kernel.rpc.streams import read_frame

log = logging.getLogger("kernel.rpc")
SUBSCRIBE_SETTLE_STEPS = 3  # loop turns that let kernel.subscribe register before the ack


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


WRITE_HIGH_WATER = 1 << 20  # bytes waiting for a client before writers wait for it


class KernelService:
    """What the protocol's methods do, against one kernel; shared by all connections."""

    def __init__(
        self,
        kernel: Any,
        fingerprint: str | None = None,
        *,
        max_frame: int = MAX_FRAME,
        check_peer: bool = True,
    ):
        self.kernel = kernel
        self.fingerprint = fingerprint
        self.max_frame = max_frame
        self.check_peer = check_peer
        self.connections: set[Connection] = set()
        self.stopping = asyncio.Event()
        self.last_activity = time.monotonic()

    def request_stop(self) -> None:
        self.stopping.set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """`asyncio.start_unix_server` callback: serve one connection until it closes."""
        if self.check_peer:
            sock = writer.get_extra_info("socket")
            uid = peer_uid(sock) if sock is not None else None
            if uid is not None and uid != os.getuid():
                log.warning("refused a connection from uid %s", uid)
                writer.close()
                return
        conn = Connection(self, reader, writer)
        self.connections.add(conn)
        self.last_activity = time.monotonic()
        try:
            await conn.run()
        finally:
            self.connections.discard(conn)
            self.last_activity = time.monotonic()

    @property
    def busy(self) -> bool:
        """Clients connected, or work still running with nobody attached (a promoted call,
        a background task): the kernel must not exit idle under either."""
        return bool(self.connections) or bool(getattr(self.kernel, "busy", False))

    async def close_connections(self, grace: float = 5.0) -> None:
        """Let running turns finish for up to `grace` seconds, then cancel them and hang up."""
        deadline = time.monotonic() + grace
        while any(c.working for c in self.connections) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for conn in list(self.connections):
            await conn.close()


class Connection:
    def __init__(self, service: KernelService, reader, writer):
        self.service = service
        self.kernel = service.kernel
        self.reader = reader
        self.writer = writer
        self.turns: dict[Any, asyncio.Task] = {}
        self.sessions: dict[str, Any] = {}  # one Session per user: its conversation lasts
        self.streams: set[Any] = set()  # subscription turns: they never finish on their own
        self.cancelled: set[Any] = set()
        self.greeted = False
        self.stale = False
        self._write_lock = asyncio.Lock()
        self._out: list[bytes] = []
        self._flush_pending = False
        self._closed = False

    # --- the read loop ------------------------------------------------------------------
    async def run(self) -> None:
        try:
            while not self._closed:
                try:
                    body = await read_frame(self.reader, self.service.max_frame)
                except FrameTooLarge as exc:
                    await self.send(m.error(exc.request_id, m.FRAME_TOO_LARGE, str(exc)))
                    continue
                if body is None:
                    break
                try:
                    msg = loads(body)
                except ProtocolError as exc:
                    await self.send(m.error(None, m.PARSE_ERROR, str(exc)))
                    continue
                await self.on_message(msg)
        except (ConnectionError, ProtocolError, OSError):
            pass
        finally:
            await self.close()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        tasks = list(self.turns.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            self._flush()  # what was answered before the hang-up still goes out
            self.writer.close()
            await self.writer.wait_closed()

    async def on_message(self, msg: Any) -> None:
        self.service.last_activity = time.monotonic()
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0":
            await self.send(m.error(None, m.INVALID_REQUEST, "not a JSON-RPC 2.0 object"))
            return
        if "id" not in msg:
            return  # a notification: nothing a client may notify the kernel of yet
        rid, method, params = msg["id"], msg.get("method"), msg.get("params", {})
        if not isinstance(rid, int | str) or isinstance(rid, bool):
            await self.send(m.error(None, m.INVALID_REQUEST, "a request id is a number or string"))
            return
        if not isinstance(method, str) or not isinstance(params, dict):
            await self.send(
                m.error(rid, m.INVALID_REQUEST, "a request has a method and object params")
            )
            return
        if method == "hello":
            await self.hello(rid, params)
            return
        if not self.greeted:
            await self.send(m.error(rid, m.HELLO_FIRST, "the first request must be hello"))
            return
        if self.stale and method != "shutdown":
            await self.send(m.error(rid, m.STALE, _STALE_TEXT))
            return
        if method == "cancel":
            await self.send(m.result(rid, self.cancel_turn(params.get("turn"))))
            return
        handler = HANDLERS.get(method)
        if handler is None:
            await self.send(m.error(rid, m.METHOD_NOT_FOUND, f"no method {method!r}"))
            return
        if rid in self.turns:
            await self.send(m.error(rid, m.INVALID_REQUEST, f"request id {rid!r} is in use"))
            return
        if self.service.stopping.is_set() and method != "shutdown":
            await self.send(m.error(rid, m.SHUTTING_DOWN, "the kernel is shutting down"))
            return
        if method == "subscribe":
            self.streams.add(rid)
        self.turns[rid] = asyncio.ensure_future(self.run_turn(rid, method, handler, params))

    @property
    def working(self) -> bool:
        """Turns that will end by themselves (not subscriptions): a stop waits for those."""
        return any(rid not in self.streams for rid in self.turns)

    # --- writing ----------------------------------------------------------------------
    async def send(self, msg: dict) -> None:
        try:
            data = encode(msg, self.service.max_frame, "answer")
        except FrameTooLarge as exc:
            data = encode(m.error(msg.get("id"), m.FRAME_TOO_LARGE, str(exc)))
        except (ValueError, TypeError, RecursionError) as exc:  # bytes, NaN, cycles
            log.warning("an answer could not be encoded: %s", exc)
            data = encode(
                m.error(
                    msg.get("id"), m.INTERNAL_ERROR,
                    f"the kernel's answer could not be encoded ({type(exc).__name__}: {exc})"[:500],
                )
            )  # fmt: skip
        await self.write(data)

    async def write(self, data: bytes) -> None:
        """Queue a frame; frames queued in one turn of the loop go out in one write (a call's
        last events and its result together), and a slow reader holds the writers back."""
        if self._closed and self.writer.is_closing():
            raise ConnectionResetError("the client went away")
        self._out.append(data)
        if not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_soon(self._flush)
        if self.writer.transport.get_write_buffer_size() > WRITE_HIGH_WATER:
            async with self._write_lock:
                await self.writer.drain()

    def _flush(self) -> None:
        self._flush_pending = False
        data, self._out = b"".join(self._out), []
        if data and not self.writer.is_closing():
            self.writer.write(data)

    async def emit(self, turn: Any, event: Any) -> None:
        d = wire.event_to_dict(event)
        try:
            data = encode(m.event(turn, d), self.service.max_frame, "event")
        except (ValueError, TypeError, RecursionError) as exc:  # NaN, cycles, too large
            data = encode(m.event(turn, _unencodable(d, exc)), self.service.max_frame)
        await self.write(data)

    # --- turns ------------------------------------------------------------------------
    async def run_turn(self, rid: Any, method: str, handler: Callable, params: dict) -> None:
        try:
            try:
                value = await handler(self, rid, params)
            except asyncio.CancelledError:
                if rid not in self.cancelled or self._closed:
                    raise
                await self.send(
                    m.error(rid, m.CANCELLED, "cancelled; what had not committed never will")
                )
                return
            except m.RpcError as exc:
                await self.send(m.error(rid, exc.code, exc.message, exc.data))
                return
            except (ConnectionError, OSError):
                return
            except Exception as exc:  # one request's failure never takes the kernel down
                log.exception("%s failed", method)
                await self.send(
                    m.error(
                        rid,
                        m.INTERNAL_ERROR,
                        f"the kernel failed to answer {method}: {type(exc).__name__}: {exc}"[:500],
                    )
                )
                return
            await self.send(m.result(rid, value))
        except (ConnectionError, OSError):
            pass
        finally:
            self.turns.pop(rid, None)
            self.streams.discard(rid)
            self.cancelled.discard(rid)

    def cancel_turn(self, turn: Any) -> bool:
        task = self.turns.get(turn)
        if task is None or task.done():
            return False
        self.cancelled.add(turn)
        task.cancel()
        return True

    async def stream(self, rid: Any, produced: Any) -> dict:
        if not hasattr(produced, "__aiter__"):  # a coroutine of a list (the older Session API)
            produced = await _maybe_await(produced)
        count = 0
        if hasattr(produced, "__aiter__"):
            closing = contextlib.aclosing(produced) if hasattr(produced, "aclose") else None
            async with closing or contextlib.nullcontext():
                async for event in produced:
                    await self.emit(rid, event)
                    count += 1
        else:
            for event in produced or ():
                await self.emit(rid, event)
                count += 1
        return {"events": count}

    # --- hello ------------------------------------------------------------------------
    async def hello(self, rid: Any, params: dict) -> None:
        fp = params.get("fingerprint")
        own = self.service.fingerprint
        if fp is not None and own is not None and fp != own:
            if params.get("probe"):
                self.greeted = self.stale = True
            else:
                await self.send(m.error(rid, m.STALE, _STALE_TEXT))
                log.info("a client from other code or policy connected; exiting")
                self.service.request_stop()
                return
        self.greeted = True
        k = self.kernel
        await self.send(
            m.result(
                rid,
                {
                    "pid": os.getpid(),
                    "protocol": m.PROTOCOL,
                    "llm_mode": getattr(k, "llm_mode", "offline"),
                    "stale": self.stale,
                },
            )
        )


_STALE_TEXT = (
    "this resident kernel was started from other code or policy; it exits so a fresh one starts"
)


def _unencodable(d: dict, exc: BaseException) -> dict:
    why = f"{type(exc).__name__}: {exc}"[:300]
    if d.get("type") == "ActionFinished":
        fixed = {**d, "data": None, "ui": None}
        fixed["error"] = (fixed.get("error") or "") + f" (its result could not be sent: {why})"
        try:
            encode(fixed)
            return fixed
        except (ValueError, TypeError, RecursionError):
            pass
    return {
        "type": "Error",
        "code": ev.INTERNAL,
        "message": f"the kernel could not send a {d.get('type')} event: {why}",
        "details": {},
    }


# --- methods ----------------------------------------------------------------------------
def _text(params: dict, key: str, *, required: bool = True, default: str = "") -> str:
    value = params.get(key)
    if value is None and not required:
        return default
    if not isinstance(value, str) or (required and not value):
        raise m.RpcError(m.INVALID_PARAMS, f"{key!r} must be a non-empty string")
    return value


MAX_SESSIONS = 64  # users one connection keeps a session (and conversation) for


def _session(conn: Connection, params: dict):
    """The connection's session of that user: turns on one connection share a conversation."""
    user = _text(params, "user")
    session = conn.sessions.get(user)
    if session is None:
        if len(conn.sessions) >= MAX_SESSIONS:
            conn.sessions.pop(next(iter(conn.sessions)))
        session = conn.sessions[user] = conn.kernel.session(user)
    return session


async def _extensions(conn: Connection, rid: Any, params: dict) -> dict:
    k = conn.kernel
    infos = await _maybe_await(k.extensions())
    return {
        "llm_mode": getattr(k, "llm_mode", "offline"),
        "extensions": [wire.extension_to_dict(e) for e in infos],
        "load_errors": [wire.load_error_to_dict(e) for e in k.load_errors],
        "disabled": [wire.extension_to_dict(e) for e in _parked(k)],
    }


def _parked(k: Any) -> list:
    catalog = getattr(k, "catalog", None)
    return catalog.parked_infos() if hasattr(catalog, "parked_infos") else []


async def _extension_switch(conn: Connection, rid: Any, params: dict, enabled: bool) -> dict:
    """`extensions.enable` / `extensions.disable`: persisted; the ExtensionInfo."""
    from kernel.disabled import UnknownExtension, set_enabled

    try:
        info = set_enabled(conn.kernel, _text(params, "app_id"), enabled)
    except UnknownExtension as exc:
        raise m.RpcError(m.INVALID_PARAMS, str(exc)) from None
    return wire.extension_to_dict(info)


async def _extension_enable(conn: Connection, rid: Any, params: dict) -> dict:
    return await _extension_switch(conn, rid, params, True)


async def _extension_disable(conn: Connection, rid: Any, params: dict) -> dict:
    return await _extension_switch(conn, rid, params, False)


async def _extension_reload(conn: Connection, rid: Any, params: dict) -> dict:
    """`extensions.reload`: re-read an extension's folder ({"extension"} or {"load_error"});
    a broken folder keeps the working version running."""
    from kernel.catalog import LoadError

    app_id = _text(params, "app_id")
    catalog = conn.kernel.catalog
    manifest = catalog.extensions.get(app_id) or catalog.parked.get(app_id)
    if manifest is None:
        raise m.RpcError(m.INVALID_PARAMS, f"no extension {app_id!r}")
    result = await conn.kernel.reload_extension(manifest.path)
    if isinstance(result, LoadError):
        return {"load_error": wire.load_error_to_dict(result)}
    return {"extension": wire.extension_to_dict(result)}


async def _status(conn: Connection, rid: Any, params: dict) -> dict:
    """What the kernel is doing: clients, workers per extension, calls still running."""
    k = conn.kernel
    host = getattr(k, "host", None)
    executor = getattr(k, "executor", None)
    return {
        "pid": os.getpid(),
        "clients": len(conn.service.connections),
        "workers": host.stats() if host is not None else {},
        "running_tasks": len(executor.running) if executor is not None else 0,
        "busy": bool(getattr(k, "busy", False)),
        "ledger": getattr(k, "ledger_state", "ok"),
    }


async def _ledger_status(conn: Connection, rid: Any, params: dict) -> dict:
    """{"ledger": "ok" | "checking" | why it does not verify}, waiting briefly for the check."""
    return {"ledger": await conn.kernel.ledger_status()}


async def _prune_ledger(conn: Connection, rid: Any, params: dict) -> dict:
    """Apply retention now: {"pruned": n} rows blanked (kernel/retention.py), and whether the
    ledger is anchored (without its key nothing is ever pruned)."""
    anchored = getattr(getattr(conn.kernel, "db", None), "anchor", None) is not None
    return {"pruned": await conn.kernel.prune_ledger(), "anchored": anchored}


async def _learn_secrets(conn: Connection, rid: Any, params: dict) -> dict:
    """Read the secrets store again into the redactor (`secrets set` while this kernel runs):
    {"learned": n}. No value crosses the socket."""
    return {"learned": await conn.kernel.services.secrets.learn_values()}


async def _audit(conn: Connection, rid: Any, params: dict) -> list:
    limit = params.get("limit", 50)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise m.RpcError(m.INVALID_PARAMS, "'limit' must be a positive integer")
    user = params.get("user")
    return await conn.kernel.audit(limit=limit, user_id=user if isinstance(user, str) else None)


async def _send(conn: Connection, rid: Any, params: dict) -> dict:
    """`continue`: join the user's last conversation; `conversation_id`: join that one."""
    session = _session(conn, params)
    provider = _text(params, "provider", required=False) or None
    model = _text(params, "model", required=False) or None
    router = None
    if provider or model:
        from kernel.config import ConfigError

        try:
            router = await conn.kernel.turn_router(provider, model)
        except ConfigError as exc:
            raise m.RpcError(m.INVALID_PARAMS, str(exc)) from None
    message = _text(params, "message", required=False)
    joining = params.get("continue", False)
    if not isinstance(joining, bool):
        raise m.RpcError(m.INVALID_PARAMS, "'continue' must be true or false")
    cid = params.get("conversation_id")
    if cid is not None and not (isinstance(cid, str) and cid):
        raise m.RpcError(m.INVALID_PARAMS, "'conversation_id' must be a non-empty string")
    produced = session.send(message, router=router, continue_last=joining, conversation_id=cid)
    return await conn.stream(rid, produced)


async def _call(conn: Connection, rid: Any, params: dict) -> dict:
    session = _session(conn, params)
    args = params.get("args") or {}
    if not isinstance(args, dict):
        raise m.RpcError(m.INVALID_PARAMS, "'args' must be an object")
    produced = session.call(
        _text(params, "app_id"),
        _text(params, "function"),
        args,
        source=_text(params, "source", required=False, default="cli"),
    )
    return await conn.stream(rid, produced)


async def _run_plan(conn: Connection, rid: Any, params: dict) -> dict:
    """A plan in the classifier's JSON shape (an object, a list, or a JSON string of either);
    the session refuses a malformed one with an `invalid_plan` error event."""
    session = _session(conn, params)
    source = _text(params, "source", required=False, default="plan")
    return await conn.stream(rid, session.run_plan(params.get("plan"), source=source))


async def _confirm(conn: Connection, rid: Any, params: dict) -> dict:
    session = _session(conn, params)
    digest = params.get("digest")
    if digest is not None and not isinstance(digest, str):
        raise m.RpcError(m.INVALID_PARAMS, "'digest' must be a string")
    return await conn.stream(rid, session.confirm(_text(params, "card_id"), digest))


async def _deny(conn: Connection, rid: Any, params: dict) -> dict:
    session = _session(conn, params)
    reason = _text(params, "reason", required=False)
    return await conn.stream(rid, session.deny(_text(params, "card_id"), reason))


async def _render(conn: Connection, rid: Any, params: dict) -> Any:
    session = _session(conn, params)
    panel_params = params.get("params") or {}
    if not isinstance(panel_params, dict):
        raise m.RpcError(m.INVALID_PARAMS, "'params' must be an object")
    return await _maybe_await(
        session.render(_text(params, "app_id"), _text(params, "panel_id"), panel_params)
    )


async def _tray_items(conn: Connection, rid: Any, params: dict) -> list:
    """The declared tray items, in drawing order (kernel.tray)."""
    return [item.to_dict() for item in _optional(conn, "tray_items")()]


async def _tray_render(conn: Connection, rid: Any, params: dict) -> dict:
    """One tray item's badge and dropdown, read like a panel (through the executor)."""
    state = await _session(conn, params).tray(_text(params, "app_id"), _text(params, "tray_id"))
    return state.to_dict()


async def _pending_cards(conn: Connection, rid: Any, params: dict) -> list:
    cards = await _maybe_await(_session(conn, params).pending_cards())
    return [card.to_dict() for card in cards]


def _optional(conn: Connection, name: str) -> Callable[..., Awaitable[Any] | Any]:
    fn = getattr(conn.kernel, name, None)
    if fn is None:
        raise m.RpcError(m.NOT_AVAILABLE, f"this kernel has no {name.replace('_', ' ')} yet")
    return fn


async def _tasks(conn: Connection, rid: Any, params: dict) -> list:
    rows = await _maybe_await(_optional(conn, "tasks")(_text(params, "user")))
    return [row if isinstance(row, dict) else wire.dataclasses.asdict(row) for row in rows]


async def _tasks_cancel(conn: Connection, rid: Any, params: dict) -> bool:
    fn = _optional(conn, "cancel_task")
    return bool(await _maybe_await(fn(_text(params, "user"), _text(params, "task_id"))))


async def _history(conn: Connection, rid: Any, params: dict) -> dict:
    """The user's conversations (newest first), or with `search` the messages that match
    it, or with `id` one conversation and its messages (`{"conversation": null}` when the
    user has none such)."""
    from kernel.history import HistoryError

    store = _optional(conn, "history")
    user = _text(params, "user")
    search, cid, limit = params.get("search"), params.get("id"), params.get("limit", 20)
    if search is not None and cid is not None:
        raise m.RpcError(m.INVALID_PARAMS, "give 'search' or 'id', not both")
    if search is not None and not isinstance(search, str):
        raise m.RpcError(m.INVALID_PARAMS, "'search' must be a string")
    if cid is not None and not (isinstance(cid, str) and cid):
        raise m.RpcError(m.INVALID_PARAMS, "'id' must be a non-empty string")
    try:
        if cid is not None:
            return {"conversation": await store.show(user, cid)}
        if search is not None:
            return {"search": search, "matches": await store.search(user, search, limit=limit)}
        return {"conversations": await store.conversations(user, limit=limit)}
    except HistoryError as exc:
        raise m.RpcError(m.INVALID_PARAMS, str(exc)) from None


async def _new_conversation(conn: Connection, rid: Any, params: dict) -> bool:
    """`/new`: this connection's next message of the user opens a new conversation."""
    _session(conn, params).new_conversation()
    return True


async def _subscribe(conn: Connection, rid: Any, params: dict) -> dict:
    events = conn.kernel.subscribe(_text(params, "user"))
    if not hasattr(events, "__aiter__"):
        events = await _maybe_await(events)
    events = events.__aiter__()
    pending = asyncio.ensure_future(events.__anext__())
    count = 0
    try:
        for _ in range(SUBSCRIBE_SETTLE_STEPS):  # let the kernel register this subscriber
            await asyncio.sleep(0)
        await conn.send(m.notification("subscribed", {"turn": rid}))
        while True:
            try:
                event = await pending
            except StopAsyncIteration:
                return {"events": count}
            await conn.emit(rid, event)
            count += 1
            pending = asyncio.ensure_future(events.__anext__())
    finally:
        pending.cancel()
        with contextlib.suppress(BaseException):
            await pending
        if hasattr(events, "aclose"):
            with contextlib.suppress(Exception):
                await events.aclose()


async def _shutdown(conn: Connection, rid: Any, params: dict) -> bool:
    """Stop the kernel; with `if_unused`, only when no other client is attached and nothing
    runs (`dev` asks this before it opens the data dir itself). True when it stops."""
    if params.get("if_unused"):
        others = [c for c in conn.service.connections if c is not conn]
        if others or getattr(conn.kernel, "busy", False):
            return False
    conn.service.request_stop()
    return True


HANDLERS: dict[str, Callable[[Connection, Any, dict], Awaitable[Any]]] = {
    "extensions": _extensions,
    "extensions.enable": _extension_enable,
    "extensions.disable": _extension_disable,
    "extensions.reload": _extension_reload,
    "status": _status,
    "audit": _audit,
    "prune_ledger": _prune_ledger,
    "learn_secrets": _learn_secrets,
    "ledger_status": _ledger_status,
    "send": _send,
    "call": _call,
    "run_plan": _run_plan,
    "confirm": _confirm,
    "deny": _deny,
    "render": _render,
    "pending_cards": _pending_cards,
    "tray.items": _tray_items,
    "tray.render": _tray_render,
    "tasks": _tasks,
    "tasks.cancel": _tasks_cancel,
    "history": _history,
    "new_conversation": _new_conversation,
    "subscribe": _subscribe,
    "shutdown": _shutdown,
}
