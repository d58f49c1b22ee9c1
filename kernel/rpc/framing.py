"""Length-prefixed frames: 4-byte big-endian size, then UTF-8 JSON. Stdlib only, no asyncio."""

from __future__ import annotations

import json
import re
import struct
from typing import Any

MAX_FRAME = 16 * 1024 * 1024  # bytes of JSON in one message, either way
HEADER = struct.Struct(">I")
_ID_AT_START = re.compile(rb'"id"\s*:\s*(-?\d{1,18}|"[^"\\]{0,128}")')


class FrameTooLarge(ValueError):
    """A message over the frame limit; nothing of it was sent or used."""

    def __init__(self, size: int, limit: int, what: str = "message", request_id: Any = None):
        self.size, self.limit, self.request_id = size, limit, request_id
        super().__init__(
            f"the {what} is {describe_size(size)}; the kernel protocol carries at most"
            f" {describe_size(limit)} in one message"
        )


class ProtocolError(Exception):
    """The peer sent something that is not this protocol; the connection cannot go on."""


def describe_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def dumps(obj: Any) -> bytes:
    """Strict JSON (no NaN), compact; raises ValueError/TypeError for what cannot be encoded."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def encode(obj: Any, max_frame: int = MAX_FRAME, what: str = "message") -> bytes:
    body = dumps(obj)
    if len(body) > max_frame:
        raise FrameTooLarge(len(body), max_frame, what)
    return HEADER.pack(len(body)) + body


def frame(body: bytes) -> bytes:
    return HEADER.pack(len(body)) + body


def size_of(header: bytes) -> int:
    return HEADER.unpack(header)[0]


def peek_id(prefix: bytes) -> Any:
    """The request id, read from the start of a frame too large to parse (clients put it first)."""
    found = _ID_AT_START.search(prefix[:512])
    if not found:
        return None
    try:
        return json.loads(found.group(1))
    except ValueError:
        return None


def loads(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
