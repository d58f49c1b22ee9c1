"""JSON-RPC 2.0 message shapes and the error codes of this protocol."""

from __future__ import annotations

from typing import Any

PROTOCOL = 2  # bumped from the line protocol (1)

# JSON-RPC's own codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
# this protocol's codes
FRAME_TOO_LARGE = -32000
STALE = -32001
NOT_AVAILABLE = -32002
HELLO_FIRST = -32003
SHUTTING_DOWN = -32004
CANCELLED = -32800  # as in LSP: the request was cancelled

STREAMING = frozenset({"send", "call", "confirm", "deny", "subscribe"})


class RpcError(RuntimeError):
    """The kernel answered a request with a JSON-RPC error."""

    def __init__(self, code: int, message: str, data: Any = None):
        self.code, self.message, self.data = code, message, data
        super().__init__(message)


def request(request_id: int, method: str, params: dict[str, Any] | None = None) -> dict:
    # "id" right after "jsonrpc": a frame too large to parse still shows whose it was
    return {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}


def notification(method: str, params: dict[str, Any]) -> dict:
    return {"jsonrpc": "2.0", "method": method, "params": params}


def result(request_id: Any, value: Any) -> dict:
    return {"jsonrpc": "2.0", "id": request_id, "result": value}


def error(request_id: Any, code: int, message: str, data: Any = None) -> dict:
    err: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        err["data"] = data
    return {"jsonrpc": "2.0", "id": request_id, "error": err}


def event(turn: Any, event_dict: dict[str, Any]) -> dict:
    return notification("event", {"turn": turn, "event": event_dict})


def error_of(msg: dict) -> RpcError:
    err = msg.get("error") if isinstance(msg.get("error"), dict) else {}
    return RpcError(
        int(err.get("code", INTERNAL_ERROR)), str(err.get("message", "")), err.get("data")
    )
