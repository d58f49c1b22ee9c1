"""Length-prefixed JSON frames between the kernel and its worker processes.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON: no line limit, an
explicit size cap, and nothing an extension prints can be mistaken for a message.
"""

from __future__ import annotations

import asyncio
import json
import math
import struct
from typing import Any

MAX_FRAME = 16 * 1024 * 1024
_HEADER = struct.Struct(">I")


class FrameTooLarge(ValueError):
    """A message over MAX_FRAME bytes: refused before it is sent or read."""


def _default(value: Any) -> Any:
    return str(value)  # as the platform serialises results (default=str): a datetime reads well


def encode(obj: Any) -> bytes:
    """One frame; NaN/Infinity become null (not valid JSON), odd objects their str()."""
    try:
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                          default=_default).encode("utf-8")  # fmt: skip
    except ValueError:
        body = json.dumps(_finite(obj), ensure_ascii=False, separators=(",", ":"),
                          default=_default).encode("utf-8")  # fmt: skip
    if len(body) > MAX_FRAME:
        raise FrameTooLarge(f"a message of {len(body):,} bytes is over the {MAX_FRAME:,} limit")
    return _HEADER.pack(len(body)) + body


def _finite(value: Any, depth: int = 0) -> Any:
    if depth > 200:
        raise ValueError("structure nested too deeply (circular?)")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v, depth + 1) for v in value]
    return value


async def read(reader: asyncio.StreamReader) -> Any:
    """The next message, or raise IncompleteReadError at end of stream."""
    header = await reader.readexactly(_HEADER.size)
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        raise FrameTooLarge(f"a message of {size:,} bytes is over the {MAX_FRAME:,} limit")
    return json.loads(await reader.readexactly(size))
