"""An event stream that can be iterated as it happens or awaited as a list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from kernel.redact import redact_event


async def _redacted(source: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """Every event with known secret values masked (`kernel.redact`): the one place events
    leave a session for a client, the TUI, `run` output or a JSON envelope."""
    try:
        async for event in source:
            yield redact_event(event)
    finally:
        close = getattr(source, "aclose", None)
        if close is not None:
            await close()


class EventStream:
    """`async for event in session.call(...)` streams; `await session.call(...)` collects."""

    def __init__(self, source: AsyncIterator[Any]):
        self._source = _redacted(source)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._source.__aiter__()

    async def _collect(self) -> list[Any]:
        return [event async for event in self._source]

    def __await__(self):
        return self._collect().__await__()

    async def aclose(self) -> None:
        close = getattr(self._source, "aclose", None)
        if close is not None:
            await close()
