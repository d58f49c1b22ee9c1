"""The assistant's reply: its text streams into a `StreamTail` and is rendered as Markdown when
it ends. Its own module so Textual's Markdown widget (markdown-it, pygments) is imported with
the first reply, not at start."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown

from imperal_tui.sanitize import neutralise
from imperal_tui.widgets.chat.stream_tail import StreamTail


class ReplyMarkdown(Markdown):
    """The assistant's reply. While it streams, its text is shown plain in a `StreamTail` just
    below (the Markdown stays empty); when it ends, `finish` renders it all as Markdown."""

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
        self._tail: StreamTail | None = None

    async def add(self, fragment: str) -> None:
        """Append a fragment: kept as sent in `text`, shown neutralised in the tail (mounted
        just below on the first fragment that is not blank) until `finish`."""
        self.text += fragment
        if self._tail is None:
            if not self.text.strip() or self.parent is None:
                return
            self._tail = StreamTail()
            await self.parent.mount(self._tail, after=self)
            fragment = self.text  # what came before it, blank lines included
        self._tail.add(neutralise(fragment))

    async def finish(self) -> None:
        """Render the whole reply as Markdown, once, in place of the streamed text (one parse
        and one layout per reply; streamed fragments may split Markdown blocks anyway). The
        swap is one screen update: the text never vanishes nor shows twice."""
        tail, self._tail = self._tail, None
        with self.app.batch_update():
            await self.update(neutralise(self.text).strip())
            if tail is not None:
                await tail.remove()

    def transcript(self) -> Content:
        """The reply as its Markdown source, behind the same left rule (archived replies are
        drawn as text: parsing thousands of old replies again would cost what archiving saves)."""
        lines = neutralise(self.text).strip().splitlines() or [""]
        return Content("\n").join(Content.assemble(("▎ ", "$primary 50%"), line) for line in lines)
