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
from typing import Any, Generic, TypeVar

from sdk.types.models import CompletionResult

ROLES = ("system", "user", "assistant")
T = TypeVar("T")


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


class PerLoop(Generic[T]):
    """One client per event loop: a client's connections belong to the loop that opened them."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> T:
        loop = asyncio.get_running_loop()
        if self._value is None or self._loop is not loop:
            self._value, self._loop = self._make(), loop
        return self._value

    def take(self) -> T | None:
        """The client to close, if it belongs to the running loop; forgotten either way."""
        value, loop = self._value, self._loop
        self._value = self._loop = None
        return value if loop is asyncio.get_running_loop() else None


class Provider:
    """What every provider shares: argument checks, the time bounds, the health report.

    A provider implements `_complete`, `_stream` (an async generator of text pieces), `_error`
    (any exception as a ProviderError), `list_models` and `judge` (its health verdict)."""

    name = ""
    model = ""
    base_url = ""
    source = ""  # why this provider was chosen (set by select_provider)
    timeouts = Timeouts()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, base_url={self.base_url!r})"

    async def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
    ) -> Completion:
        """The whole answer within `timeouts.total`; with `schema`, `.data` is the parsed JSON."""
        work = self._complete(check_messages(messages), schema, max_tokens, temperature)
        return await within(self.timeouts.total, work, self.name)

    def stream(
        self, messages: list[dict[str, Any]], *, max_tokens: int = 1024, temperature: float = 0.0
    ) -> AsyncIterator[str]:
        """The answer piece by piece (see `guarded_stream` for the bounds). Close it
        (`contextlib.aclosing`) when stopping early, so the request ends at once."""
        messages = check_messages(messages)
        return guarded_stream(
            lambda: self._stream(messages, max_tokens, temperature),
            self.timeouts,
            self.name,
            self._error,
        )

    async def health(self, timeout: float | None = None) -> Health:
        """Whether the provider answers and serves the model; never raises."""
        try:
            models = await within(timeout or self.timeouts.total, self.list_models(), self.name)
        except ProviderError as exc:
            return Health(False, exc.message)
        return self.judge(models)

    async def _model(self) -> str:
        """The configured model, else the first the server lists (and it is kept)."""
        if not self.model:
            listed = await self.list_models()
            if not listed:
                raise ProviderError(self.no_models(), provider=self.name)
            self.model = listed[0]
        return self.model

    def no_models(self) -> str:
        return f"{self.base_url} lists no models; set [llm] model"

    def truncated(self) -> ProviderError:
        return ProviderError(
            "the stream ended before the answer was complete", provider=self.name, kind="truncated"
        )

    async def _complete(self, messages, schema, max_tokens, temperature) -> Completion:
        raise NotImplementedError

    def _stream(self, messages, max_tokens, temperature) -> AsyncIterator[str]:
        raise NotImplementedError

    def _error(self, exc: BaseException) -> ProviderError:
        raise NotImplementedError

    async def list_models(self) -> list[str]:
        raise NotImplementedError

    def judge(self, models: list[str]) -> Health:
        return Health(True, f"{self.base_url} answers", tuple(models))

    async def aclose(self) -> None:
        return None


LLM = Provider  # the interface callers type against
