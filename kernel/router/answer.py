"""A chat answer as events: the model's text streamed as TextDeltas, its failure as an Error."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from kernel import events as ev
from kernel.llm.base import ProviderError
from kernel.router.plan import Answer


async def stream_answer(answer: Answer) -> AsyncIterator[ev.Event]:
    """Each piece of the reply as it comes; a provider that fails mid-answer ends the reply
    with an Error (what was shown stays shown)."""
    pieces = answer.pieces
    got = False  # the model answered at least a piece
    try:
        async with contextlib.aclosing(pieces):
            async for piece in pieces:
                if piece:
                    got = True
                    yield ev.TextDelta(piece)
    except ProviderError as exc:
        what = "stopped answering" if got else "could not answer"
        yield ev.Error(ev.NO_LLM, f"the model ({exc.provider or 'LLM'}) {what}: {exc.message}")
        return
    if got:
        yield ev.TextDelta("\n")
    else:
        yield ev.Error(
            ev.NO_LLM, f"the model ({answer.router.removeprefix('llm:')}) gave an empty answer"
        )
