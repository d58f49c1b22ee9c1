"""A blocking client of the kernel protocol for one-shot commands: stdlib only, no asyncio.

One connection, one turn at a time in practice (frames of other open turns are kept aside).
`abort()` is what Ctrl+C and `--timeout` use: it cancels the open turns in the kernel and
collects what they still report for a short grace period; whatever does not answer in time is
cut off by closing the connection, which cancels it too.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kernel import events as ev
from kernel import wire
from kernel.endpoint import UnsafeSocketDir, peer_uid, verify_private_dir
from kernel.rpc import messages as m
from kernel.rpc.framing import MAX_FRAME, FrameTooLarge, ProtocolError, encode, loads, size_of

ABORT_GRACE = 2.0  # seconds a cancelled turn gets to say what it did


class KernelUnavailable(Exception):
    """No kernel answered on the socket (or it was stale and is stepping aside)."""


class ConnectionLost(ConnectionError):
    """The kernel closed the connection before answering."""


def error_event(err: m.RpcError) -> ev.Error:
    return ev.Error(ERROR_CODES.get(err.code, ev.INTERNAL), err.message)


ERROR_CODES = {
    m.CANCELLED: "cancelled",
    m.FRAME_TOO_LARGE: "request_too_large",
    m.INVALID_PARAMS: "invalid_request",
    m.SHUTTING_DOWN: "kernel_stopping",
}


class SyncClient:
    """Speaks JSON-RPC to a kernel over a connected socket (`connect` for the resident one)."""

    def __init__(
        self,
        sock: socket.socket,
        *,
        fingerprint: str | None = None,
        probe: bool = False,
        max_frame: int = MAX_FRAME,
        hello_timeout: float | None = 10.0,
    ):
        self._sock: socket.socket | None = sock
        self.max_frame = max_frame
        self._buf = bytearray()
        self._next_id = 0
        self._open: set[int] = set()  # turns sent and not yet answered
        self._stash: dict[int, deque] = {}
        self._extensions: dict[str, Any] | None = None
        try:
            hello = self.request(
                "hello", {"fingerprint": fingerprint, "probe": probe}, timeout=hello_timeout
            )
        except m.RpcError as exc:
            self._close_socket()
            if exc.code == m.STALE:
                raise KernelUnavailable("the resident kernel is stale: " + exc.message) from None
            raise
        except KernelUnavailable:
            self._close_socket()
            raise
        except (OSError, ProtocolError) as exc:
            self._close_socket()
            raise KernelUnavailable(f"the kernel did not answer hello: {exc}") from None
        self.pid: int = hello["pid"]
        self.protocol: int = hello.get("protocol", 0)
        self.llm_mode: str = hello.get("llm_mode", "offline")
        self.stale: bool = bool(hello.get("stale"))

    @classmethod
    def connect(
        cls, path: Path, *, timeout: float = 1.0, check_dir: bool = True, **kwargs: Any
    ) -> SyncClient:
        """Connect to the socket at `path`, checking its directory and the listener's uid."""
        if check_dir:
            verify_private_dir(Path(path).parent)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(str(path))
        except OSError as exc:
            sock.close()
            raise KernelUnavailable(f"nothing answers on {path}: {exc.strerror or exc}") from None
        uid = peer_uid(sock)
        if uid is not None and uid != os.getuid():
            sock.close()
            raise UnsafeSocketDir(
                f"the process listening on {path} runs as uid {uid}, not as you"
                f" (uid {os.getuid()}); refusing to send it anything"
            )
        sock.settimeout(None)
        return cls(sock, **kwargs)

    # --- frames -------------------------------------------------------------------------
    def _send_msg(self, msg: dict, what: str = "request") -> None:
        data = encode(msg, self.max_frame, what)  # FrameTooLarge before anything is sent
        if self._sock is None:
            raise ConnectionLost("the connection to the kernel is closed")
        self._sock.sendall(data)

    def _fill(self) -> None:
        if self._sock is None:
            raise ConnectionLost("the connection to the kernel is closed")
        chunk = self._sock.recv(262144)
        if not chunk:
            raise ConnectionLost("the kernel closed the connection (see kernel.log)")
        self._buf += chunk

    def _read_msg(self) -> dict:
        while len(self._buf) < 4:
            self._fill()
        size = size_of(bytes(self._buf[:4]))
        if size > self.max_frame:
            self._close_socket()
            raise ProtocolError(f"the kernel sent a frame of {size} bytes, over the limit")
        while len(self._buf) < 4 + size:
            self._fill()
        body = bytes(self._buf[4 : 4 + size])
        del self._buf[: 4 + size]
        msg = loads(body)
        if not isinstance(msg, dict):
            raise ProtocolError("the kernel sent something that is not a JSON object")
        return msg

    @staticmethod
    def _owner(msg: dict) -> Any:
        if "method" in msg:
            params = msg.get("params")
            return params.get("turn") if isinstance(params, dict) else None
        return msg.get("id")

    def _next_for(self, rid: int) -> dict:
        stash = self._stash.get(rid)
        if stash:
            return stash.popleft()
        while True:
            msg = self._read_msg()
            owner = self._owner(msg)
            if owner == rid:
                return msg
            if owner in self._open:
                self._stash.setdefault(owner, deque()).append(msg)
            # else: an answer nobody waits for any more (an abandoned turn, a cancel's ack)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    # --- requests -----------------------------------------------------------------------
    def request(self, method: str, params: dict | None = None, timeout: float | None = None):
        """One request and its result; raises RpcError for a JSON-RPC error."""
        rid = self._new_id()
        self._send_msg(m.request(rid, method, params))
        self._open.add(rid)
        if timeout is not None and self._sock is not None:
            self._sock.settimeout(timeout)
        try:
            while True:
                msg = self._next_for(rid)
                if "method" in msg:
                    continue
                if "error" in msg:
                    raise m.error_of(msg)
                return msg.get("result")
        except TimeoutError:
            raise KernelUnavailable(f"no answer to {method} within {timeout:g} s") from None
        finally:
            self._open.discard(rid)
            self._stash.pop(rid, None)
            if timeout is not None and self._sock is not None:
                self._sock.settimeout(None)

    def stream(self, method: str, params: dict) -> Iterator[ev.Event]:
        """A streaming request's events in order; a JSON-RPC error ends it as an Error event."""
        rid = self._new_id()
        try:
            self._send_msg(m.request(rid, method, params))
        except FrameTooLarge as exc:
            yield ev.Error("request_too_large", f"not sent: {exc}")
            return
        self._open.add(rid)
        finished = False
        try:
            while True:
                msg = self._next_for(rid)
                if "method" in msg:
                    if msg["method"] == "event":
                        yield wire.event_from_dict(msg["params"]["event"])
                    continue
                finished = True
                self._open.discard(rid)
                if "error" in msg:
                    yield error_event(m.error_of(msg))
                return
        finally:
            if finished:
                self._stash.pop(rid, None)
            # else: left open; abort() cancels it, close() hangs up on it

    def abort(self, grace: float = ABORT_GRACE) -> list[ev.Event]:
        """Cancel every open turn and return what they still report within `grace` seconds."""
        turns = sorted(self._open)
        if not turns or self._sock is None:
            return []
        events: list[ev.Event] = []
        waiting = set(turns)
        try:
            for rid in turns:
                self._send_msg(m.request(self._new_id(), "cancel", {"turn": rid}))
            for rid in turns:
                for msg in self._stash.pop(rid, ()):
                    self._collect(msg, rid, waiting, events)
            deadline = time.monotonic() + grace
            while waiting:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._sock.settimeout(left)
                msg = self._read_msg()
                owner = self._owner(msg)
                if owner in waiting:
                    self._collect(msg, owner, waiting, events)
        except (OSError, ProtocolError, ValueError):
            waiting = {1}  # the stream may be out of step: hang up
        finally:
            self._open.difference_update(turns)
        if waiting:
            self._close_socket()  # the kernel cancels what is left when the connection drops
        elif self._sock is not None:
            self._sock.settimeout(None)
        return events

    @staticmethod
    def _collect(msg: dict, rid: int, waiting: set, events: list) -> None:
        if "method" in msg:
            if msg["method"] == "event":
                events.append(wire.event_from_dict(msg["params"]["event"]))
            return
        waiting.discard(rid)
        if "error" in msg:
            err = m.error_of(msg)
            if err.code != m.CANCELLED:
                events.append(error_event(err))

    def _close_socket(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None

    def close(self) -> None:
        """Hang up; the kernel cancels any turn of ours still running."""
        self._close_socket()

    # --- the API (the same names as the async client) -------------------------------------
    def _catalog(self) -> dict[str, Any]:
        if self._extensions is None:
            self._extensions = self.request("extensions")
        return self._extensions

    def status(self) -> dict[str, Any]:
        """Clients, workers by extension and running tasks of the resident kernel."""
        return self.request("status")

    def extensions(self) -> list:
        return [wire.extension_from_dict(e) for e in self._catalog()["extensions"]]

    @property
    def load_errors(self) -> list:
        return [wire.load_error_from_dict(e) for e in self._catalog()["load_errors"]]

    def ledger_status(self) -> str:
        """ "ok", "checking", or why the ledger does not verify (the kernel's start-up check)."""
        return str(self.request("ledger_status", {})["ledger"])

    def prune_ledger(self) -> int:
        """Blank the ledger rows past their retention period now; how many."""
        return int(self.request("prune_ledger", {})["pruned"])

    def learn_secrets(self) -> int:
        """Have the kernel read the secrets store again for redaction; how many values."""
        return int(self.request("learn_secrets", {})["learned"])

    def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        return self.request("audit", {"limit": limit, "user": user_id})

    def send(
        self,
        user: str,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        continue_last: bool = False,
        conversation_id: str | None = None,
    ) -> Iterator[ev.Event]:
        """A chat turn. `provider`/`model`: this turn's model (`run --provider/--model`);
        `continue_last` joins the user's last conversation, `conversation_id` that one (see
        Session.send)."""
        params = send_params(
            user, message, continue_last, conversation_id, provider=provider, model=model
        )
        return self.stream("send", params)

    def call(
        self, user: str, app_id: str, function: str, args: dict, source: str = "cli"
    ) -> Iterator[ev.Event]:
        params = {"user": user, "app_id": app_id, "function": function, "args": args}
        return self.stream("call", {**params, "source": source})

    def run_plan(self, user: str, plan: Any) -> Iterator[ev.Event]:
        """Run a plan of dependent steps (`kernel.router.chain`'s JSON shape)."""
        return self.stream("run_plan", {"user": user, "plan": plan})

    def confirm(self, user: str, card_id: str, digest: str | None = None) -> Iterator[ev.Event]:
        return self.stream("confirm", {"user": user, "card_id": card_id, "digest": digest})

    def deny(self, user: str, card_id: str, reason: str = "") -> Iterator[ev.Event]:
        return self.stream("deny", {"user": user, "card_id": card_id, "reason": reason})

    def render(self, user: str, app_id: str, panel_id: str, params: dict | None = None) -> dict:
        return self.request(
            "render", {"user": user, "app_id": app_id, "panel_id": panel_id, "params": params}
        )

    def pending_cards(self, user: str) -> list[ev.Card]:
        return [wire.card_from_dict(c) for c in self.request("pending_cards", {"user": user})]

    def tray_items(self) -> list:
        """The declared tray items (kernel.tray.TrayInfo), in drawing order."""
        from kernel.tray import info_from_dict

        return [info_from_dict(d) for d in self.request("tray.items")]

    def tray(self, user: str, app_id: str, tray_id: str) -> Any:
        """A tray item's badge and dropdown (kernel.tray.TrayState)."""
        from kernel.tray import state_from_dict

        params = {"user": user, "app_id": app_id, "tray_id": tray_id}
        return state_from_dict(self.request("tray.render", params))

    def tasks(self, user: str) -> list[dict[str, Any]]:
        return self.request("tasks", {"user": user})

    def cancel_task(self, user: str, task_id: str) -> bool:
        return bool(self.request("tasks.cancel", {"user": user, "task_id": task_id}))

    def history(
        self,
        user: str,
        *,
        search: str | None = None,
        conversation_id: str | None = None,
        limit: int = 20,
    ) -> dict[str, Any]:
        """{"conversations": [...]}, {"search", "matches": [...]} or {"conversation": ...}."""
        return self.request("history", history_params(user, search, conversation_id, limit))

    def new_conversation(self, user: str) -> bool:
        """This connection's next message of `user` opens a new conversation."""
        return bool(self.request("new_conversation", {"user": user}))

    def shutdown(self, *, if_unused: bool = False) -> bool:
        """Stop the resident kernel; `if_unused`: only if no other client is attached and
        nothing runs. True when it is stopping."""
        return bool(self.request("shutdown", {"if_unused": True} if if_unused else None))


def send_params(
    user: str,
    message: str,
    continue_last: bool,
    conversation_id: str | None,
    *,
    provider: str | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """A `send` request's params; options left at their defaults are not sent."""
    params: dict[str, Any] = {"user": user, "message": message}
    params.update({k: v for k, v in (("provider", provider), ("model", model)) if v})
    if continue_last:
        params["continue"] = True
    if conversation_id is not None:
        params["conversation_id"] = conversation_id
    return params


def history_params(
    user: str, search: str | None, conversation_id: str | None, limit: int
) -> dict[str, Any]:
    params: dict[str, Any] = {"user": user, "limit": limit}
    if search is not None:
        params["search"] = search
    if conversation_id is not None:
        params["id"] = conversation_id
    return params
