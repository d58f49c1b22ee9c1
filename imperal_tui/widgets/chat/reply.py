"""The assistant's reply as it streams in: a Markdown block. Its own module so Textual's
Markdown widget (markdown-it, pygments) is imported with the first reply, not at start."""

from __future__ import annotations

import asyncio
import contextlib

from textual.content import Content
from textual.widgets import Markdown

from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.chat.messages import StreamTail


class ReplyMarkdown(Markdown):
    """The assistant's reply, streamed: finished blocks go to the Markdown as they complete,
    the block still arriving is shown as text in a `StreamTail` just below."""

    DEFAULT_CSS = """
    ReplyMarkdown {
        height: auto;
        margin: 0;
        padding: 0 0 0 1;
        border-left: outer $primary 50%;
        background: transparent;
    }
    ReplyMarkdown > MarkdownBlock:last-child { margin-bottom: 0; }
    """

    def __init__(self, text: str = "") -> None:
        """`text`: a finished reply to show at once (a restored one); "" for one to stream."""
        super().__init__(neutralise(text).strip())
        self.text = text
        self._pending = ""  # neutralised text after the last finished block
        self._inflight = ""  # finished blocks not yet in the Markdown (still in the tail)
        self._fences = 0  # code fences in what went to the Markdown
        self._tail: StreamTail | None = None
        self._more = asyncio.Event()
        self._appender: asyncio.Task | None = None

    async def add(self, fragment: str) -> None:
        """Append a fragment (kept as sent in `text`, shown neutralised). Text up to the last
        blank line outside a code fence is a finished block: a background task hands it to
        the Markdown (everything finished since its last pass, in one append). Until it is
        there, it stays in the tail with the block still arriving, so no text ever vanishes
        from the screen between the two."""
        self.text += fragment
        self._pending += neutralise(fragment)
        cut = self._finished_blocks_end()
        if cut:
            done, self._pending = self._pending[:cut], self._pending[cut:]
            self._fences += done.count("```")
            self._inflight += done
            if self._appender is None:
                self._appender = asyncio.create_task(self._append_finished())
            self._more.set()
        await self._show_tail()
        await asyncio.sleep(0)  # let the appender and the screen have their turn

    def _finished_blocks_end(self) -> int:
        end = self._pending.rfind("\n\n")
        if end < 0 or (self._fences + self._pending[:end].count("```")) % 2:
            return 0  # no blank line yet, or it is inside a code block
        return end + 2

    async def _append_finished(self) -> None:
        while True:
            await self._more.wait()
            self._more.clear()
            chunk = self._inflight
            if chunk:
                await self.append(chunk)
                self._inflight = self._inflight[len(chunk) :]
                await self._show_tail()

    def on_unmount(self) -> None:
        if self._appender is not None:  # removed mid-stream (the chat was cleared)
            self._appender.cancel()
            self._appender = None

    async def _show_tail(self) -> None:
        shown = self._inflight + self._pending
        if self._tail is None:
            if not shown or self.parent is None:
                return
            self._tail = StreamTail()
            await self.parent.mount(self._tail, after=self)
        self._tail.show(shown)

    async def finish(self) -> None:
        """Re-render the whole reply once: streamed fragments may split Markdown blocks."""
        if self._appender is not None:
            self._appender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._appender
            self._appender = None
        if self._tail is not None:
            await self._tail.remove()
            self._tail = None
        self._pending = self._inflight = ""
        await self.update(neutralise(self.text).strip())

    def transcript(self) -> Content:
        """The reply as its Markdown source, behind the same left rule (archived replies are
        drawn as text: parsing thousands of old replies again would cost what archiving saves)."""
        lines = neutralise(self.text).strip().splitlines() or [""]
        return Content("\n").join(Content.assemble(("▎ ", "$primary 50%"), line) for line in lines)
