"""Frames over asyncio streams (the server and the async client share this)."""

from __future__ import annotations

import asyncio

from kernel.rpc.framing import MAX_FRAME, FrameTooLarge, ProtocolError, peek_id, size_of

_DISCARD_CHUNK = 1024 * 1024


async def read_frame(
    reader: asyncio.StreamReader, max_frame: int = MAX_FRAME, what: str = "request"
) -> bytes | None:
    """The next frame's body; None at a clean end of stream.

    A frame over `max_frame` is read and thrown away (the stream stays in step) and raises
    FrameTooLarge carrying the request id when its start shows one.
    """
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise ProtocolError("the peer closed the connection mid-message") from None
    size = size_of(header)
    try:
        if size > max_frame:
            prefix = await reader.readexactly(min(size, 512))
            remaining = size - len(prefix)
            while remaining:
                chunk = await reader.read(min(remaining, _DISCARD_CHUNK))
                if not chunk:
                    raise ProtocolError("the peer closed the connection mid-message")
                remaining -= len(chunk)
            raise FrameTooLarge(size, max_frame, what, peek_id(prefix))
        return await reader.readexactly(size)
    except asyncio.IncompleteReadError:
        raise ProtocolError("the peer closed the connection mid-message") from None
