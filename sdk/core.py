"""`imperal_sdk.core`: small runtime helpers (cancellation, JSON-line streaming, a minimal schema
check and plain-dict interface cards). All local and pure."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["CancellationToken", "ICNLIComponent", "SchemaValidator", "StreamEmitter"]


class CancellationToken:
    """Thread-safe one-way flag; callbacks run once, when it is first cancelled (or at once if
    registered after). A callback that raises does not stop the others."""

    def __init__(self):
        self._cancelled = False
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], Any]] = []

    def cancel(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            callbacks, self._callbacks = self._callbacks, []
        for cb in callbacks:
            _call_quietly(cb)

    def is_cancelled(self) -> bool:
        return self._cancelled

    def on_cancelled(self, callback: Callable[[], Any]) -> None:
        if not callable(callback):
            raise TypeError(f"on_cancelled needs a callable, got {type(callback).__name__}")
        with self._lock:
            if not self._cancelled:
                self._callbacks.append(callback)
                return
        _call_quietly(callback)


def _call_quietly(cb: Callable[[], Any]) -> None:
    with contextlib.suppress(Exception):  # one bad callback must not stop cancellation
        cb()


class StreamEmitter:
    """Write events as JSON lines (`{"type", "timestamp", "payload"}`) to a text stream."""

    def __init__(self, out_stream: TextIO | None = None):
        self._stream = out_stream if out_stream is not None else sys.stdout
        self._lock = threading.Lock()

    def emit_event(self, event_type: str, payload: dict[str, Any]) -> None:
        line = json.dumps(
            {"type": event_type, "timestamp": time.time(), "payload": payload}, default=str
        )
        with self._lock:
            self._stream.write(line + "\n")
            flush = getattr(self._stream, "flush", None)
            if flush is not None:
                flush()

    def emit_chunk(self, chunk: str, stream_name: str = "stdout") -> None:
        self.emit_event("stream_chunk", {"chunk": chunk, "stream": stream_name})

    def emit_progress(self, percent: float, message: str = "") -> None:
        clamped = min(100.0, max(0.0, float(percent)))
        self.emit_event("progress", {"percent": clamped, "message": message})


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def _json_type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return type(value).__name__


class SchemaValidator:
    """A small JSON-schema subset: `type`, `enum`, `required` and nested `properties`."""

    @staticmethod
    def validate(instance: Any, schema: dict[str, Any]) -> list[str]:
        """Return the problems found (empty when the instance fits)."""
        errors: list[str] = []
        expected = schema.get("type")
        check = _JSON_TYPES.get(expected) if isinstance(expected, str) else None
        if check is not None and not check(instance):
            return [f"expected {expected}, found {_json_type_name(instance)}"]
        enum = schema.get("enum")
        if isinstance(enum, list) and instance not in enum:
            errors.append(f"{instance!r} is not one of {enum!r}")
        if isinstance(instance, dict):
            for name in schema.get("required") or []:
                if name not in instance:
                    errors.append(f"required property {name!r} is missing")
            for name, sub in (schema.get("properties") or {}).items():
                if name in instance and isinstance(sub, dict):
                    errors += [
                        f"{name!r}: {e}" for e in SchemaValidator.validate(instance[name], sub)
                    ]
        return errors


class ICNLIComponent:
    """Plain-dict cards for conversational answers (the hosted chat renders them)."""

    @staticmethod
    def confirmation_gate(
        operation: str, affected_entities: list[Any], risk_level: str = "destructive"
    ) -> dict[str, Any]:
        affected = list(affected_entities)
        return {
            "component": "ConfirmationGate",
            "operation": operation,
            "affected": affected,
            "affected_count": len(affected),
            "risk": risk_level,
        }

    @staticmethod
    def entity_list(items: list[Any], total_count: int, omitted_count: int = 0) -> dict[str, Any]:
        shown = list(items)
        return {
            "component": "EntityList",
            "items": shown,
            "shown": len(shown),
            "total": total_count,
            "omitted": omitted_count,
        }

    @staticmethod
    def stat_card(
        label: str, value: Any, delta: Any = None, status: str = "normal"
    ) -> dict[str, Any]:
        card = {"component": "StatCard", "label": label, "value": value, "status": status}
        if delta is not None:
            card["delta"] = delta
        return card
