"""The provider interface, its result types, its one error type and the time bounds.

Messages are chat messages in the OpenAI shape: `{"role": "system"|"user"|"assistant",
"content": str}`. A provider never lets a transport or parsing error escape: it raises
`ProviderError`, whose message is one short line meant for the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sdk.types.models import CompletionResult

ROLES = ("system", "user", "assistant")


class ProviderError(Exception):
    """The provider could not answer. `kind` says why: unavailable, unreachable, timeout, http,
    auth, malformed, truncated or bad_output (the model's text is not the JSON asked for; the
    text is in `.text`)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        kind: str = "error",
        status: int | None = None,
        text: str | None = None,
    ) -> None:
        self.message = message
        self.provider = provider
        self.kind = kind
        self.status = status
        self.text = text
        super().__init__(f"{provider}: {message}" if provider else message)


@dataclass(frozen=True)
class Timeouts:
    """Seconds. `connect`: opening a connection. `idle`: the longest silence while reading.
    `total`: a whole `complete()`, and a stream's wait for its first token. `stream_cap`: a
    whole stream that keeps producing tokens."""

    connect: float = 3.0
    idle: float = 10.0
    total: float = 12.0
    stream_cap: float = 300.0


@dataclass
class Completion(CompletionResult):
    """A finished answer. `usage` has `input_tokens` and `output_tokens`; `data` is the parsed
    JSON when a schema was asked for."""

    data: Any = None


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str = ""
    models: tuple[str, ...] = ()


@runtime_checkable
class LLM(Protocol):
    name: str
    model: str
    base_url: str
    source: str  # why this provider was chosen (set by select_provider)

    async def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
    ) -> Completion: ...

    def stream(
        self, messages: list[dict[str, Any]], *, max_tokens: int = 1024, temperature: float = 0.0
    ) -> AsyncIterator[str]: ...

    async def health(self, timeout: float | None = None) -> Health: ...

    async def aclose(self) -> None: ...


def check_messages(messages: Any) -> list[dict[str, str]]:
    """The messages as plain dicts; a caller's malformed list is a ValueError (a bug, not an
    outage)."""
    if not isinstance(messages, list) or not messages:
        raise ValueError("messages must be a non-empty list of {role, content} dicts")
    out = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise ValueError(f"messages[{i}] needs a role of {', '.join(ROLES)}")
        if not isinstance(m.get("content"), str):
            raise ValueError(f"messages[{i}].content must be a string")
        out.append({"role": m["role"], "content": m["content"]})
    return out


def clip(text: Any, limit: int = 160) -> str:
    """One short line of `text`."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n?(.*?)\n?\s*```\s*$", re.S)


def parse_json_output(text: str, provider: str) -> Any:
    """The model's JSON answer (a surrounding ``` fence is tolerated)."""
    match = _FENCE.match(text)
    try:
        return json.loads(match.group(1) if match else text)
    except ValueError:
        raise ProviderError(
            f"the model's answer is not the JSON asked for: {clip(text, 80)!r}",
            provider=provider,
            kind="bad_output",
            text=text,
        ) from None


async def within(seconds: float, work: Awaitable[Any], provider: str) -> Any:
    """`await work`, or a timeout ProviderError after `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            return await work
    except TimeoutError:
        raise ProviderError(
            f"no answer within {seconds:g} s", provider=provider, kind="timeout"
        ) from None


async def guarded_stream(
    produce: Callable[[], AsyncIterator[str]],
    timeouts: Timeouts,
    provider: str,
    translate: Callable[[BaseException], ProviderError],
) -> AsyncIterator[str]:
    """The chunks of `produce()`, with the first one due within `timeouts.total`, each next one
    within `timeouts.idle` and the whole stream within `timeouts.stream_cap`. The producer runs
    in one task of its own (HTTP clients keep per-task state); any failure of it comes out as
    `translate(exc)`."""
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def pump() -> None:
        try:
            async for chunk in produce():
                if chunk:
                    await queue.put(("chunk", chunk))
            await queue.put(("end", None))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a ProviderError
            await queue.put(("error", exc))

    loop = asyncio.get_running_loop()
    started = loop.time()
    task = asyncio.create_task(pump())
    first = True
    try:
        while True:
            now = loop.time()
            due = started + timeouts.total if first else now + timeouts.idle
            due = min(due, started + timeouts.stream_cap)
            try:
                kind, value = await asyncio.wait_for(queue.get(), max(0.0, due - now))
            except TimeoutError:
                waited = "a first token" if first else "the next token"
                raise ProviderError(
                    f"stream stalled waiting for {waited}", provider=provider, kind="timeout"
                ) from None
            if kind == "end":
                return
            if kind == "error":
                raise value if isinstance(value, ProviderError) else translate(value)
            first = False
            yield value
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
