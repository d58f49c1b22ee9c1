"""The shared pieces: message checks, JSON answers, the stream guard's bounds and clean-up."""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing

import pytest

from kernel.llm.base import ProviderError, Timeouts, check_messages, guarded_stream
from kernel.llm.base import parse_json_output as parse


def never(exc):
    raise AssertionError(exc)


def test_check_messages_keeps_role_and_content_only():
    msgs = [{"role": "user", "content": "hi", "name": "x"}]
    assert check_messages(msgs) == [{"role": "user", "content": "hi"}]
    for bad in ([], "hi", [{"role": "user"}], [{"role": "tool", "content": ""}], [5]):
        with pytest.raises(ValueError):
            check_messages(bad)


def test_json_answers_with_or_without_a_fence():
    assert parse('{"a": 1}', "p") == {"a": 1}
    assert parse('```json\n{"a": 1}\n```', "p") == {"a": 1}
    with pytest.raises(ProviderError) as info:
        parse("sure! " + "x" * 200, "p")
    assert info.value.kind == "bad_output" and len(str(info.value)) < 140


async def test_a_stream_that_never_ends_is_capped():
    async def endless():
        while True:
            await asyncio.sleep(0.01)
            yield "x"

    started = time.monotonic()
    with pytest.raises(ProviderError) as info:
        async for _ in guarded_stream(
            endless, Timeouts(idle=1, total=1, stream_cap=0.3), "p", never
        ):
            pass
    assert info.value.kind == "timeout" and time.monotonic() - started < 1


async def test_stopping_early_ends_the_producer():
    ended = asyncio.Event()

    async def producer():
        try:
            while True:
                yield "x"
                await asyncio.sleep(0.01)
        finally:
            ended.set()

    async with aclosing(guarded_stream(producer, Timeouts(), "p", never)) as stream:
        async for _ in stream:
            break
    await asyncio.wait_for(ended.wait(), 1)


async def test_a_producer_failure_is_translated():
    async def broken():
        yield "a"
        raise KeyError("choices")

    def translate(exc):
        return ProviderError("malformed", provider="p", kind="malformed")

    got = []
    with pytest.raises(ProviderError, match="malformed"):
        async for piece in guarded_stream(broken, Timeouts(), "p", translate):
            got.append(piece)
    assert got == ["a"]
