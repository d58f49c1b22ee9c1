"""The lines of the conversation. Text from users and extensions is never read as markup, and
its control and escape sequences are shown inert (`imperal_tui.sanitize.neutralise`): Textual
drops only a few control characters and would pass an ESC sequence to the terminal."""

from __future__ import annotations

import asyncio
import contextlib

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static

from imperal_tui.sanitize import neutralise


class UserLine(Static):
    """What the user asked (or which panel action they fired)."""

    DEFAULT_CSS = """
    UserLine { height: auto; margin-top: 1; color: $text-accent; text-style: bold; }
    UserLine.-call { color: $text-secondary; text-style: none; }
    """

    def __init__(self, text: str, *, call: bool = False) -> None:
        self.line = ("▸ " if call else "› ") + neutralise(text)
        super().__init__(self.line, markup=False)
        self.set_class(call, "-call")

    def transcript(self) -> Content:
        style = "$text-secondary" if self.has_class("-call") else "$text-accent bold"
        return Content.assemble("\n", (self.line, style))


class StreamTail(Widget):
    """The unfinished block of a streaming reply, as plain text under its finished blocks.

    A token lands here, not in the Markdown: redrawing a few lines is cheap, while re-parsing
    and laying out a Markdown block per token is what made long streams lag. The screen is laid
    out again only when the tail needs more room, and it grows `GROW` lines at a time, so most
    tokens cost a redraw of the tail alone."""

    GROW = 4

    DEFAULT_CSS = """
    StreamTail { height: auto; padding: 0 0 0 1; border-left: outer $primary 50%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self._lines = 0  # the height the layout last gave it

    def _needed(self, width: int) -> int:
        lines = Content(self.text).get_height(self.styles, width) if self.text else 1
        return -(-lines // self.GROW) * self.GROW

    def get_content_height(self, container, viewport, width: int) -> int:
        self._lines = self._needed(width)
        return self._lines

    def show(self, text: str) -> None:
        self.text = text
        width = self.content_region.width
        if width <= 0 or self._needed(width) != self._lines:
            self.refresh(layout=True)
        else:
            self.refresh()

    def render(self) -> Content:
        return Content(self.text)


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


class ErrorLine(Static):
    """An error from the kernel (an `Error` event), styled; never a traceback."""

    DEFAULT_CSS = """
    ErrorLine { height: auto; color: $text-error; padding: 0 0 0 1; border-left: outer $error; }
    """

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        parts: list[str | tuple[str, str]] = [("✖ ", "bold"), neutralise(message)]
        if suggestions:
            parts.append(("\nTry: " + neutralise(" · ".join(suggestions)), "$text-muted"))
        self.content_text = Content.assemble(*parts)
        super().__init__(self.content_text)

    def transcript(self) -> Content:
        return Content.assemble(("▎ ", "$error"), self.content_text.stylize("$text-error"))


class NoteLine(Static):
    """A dim line from the shell itself (hints, load problems, proactive messages)."""

    DEFAULT_CSS = """
    NoteLine { height: auto; color: $text-muted; }
    NoteLine.-warning { color: $text-warning; }
    """

    def __init__(self, text: str, *, warning: bool = False) -> None:
        self.line = neutralise(text)
        super().__init__(self.line, markup=False)
        self.set_class(warning, "-warning")

    def transcript(self) -> Content:
        return Content.styled(
            self.line, "$text-warning" if self.has_class("-warning") else "$text-muted"
        )


def transcript(widget: Widget) -> Content:
    """What an archived chat widget leaves behind: its own `transcript()`, else the text of the
    lines it draws (a card's record, a rendered ui tree), dimmed. Never raises."""
    own = getattr(widget, "transcript", None)
    try:
        if callable(own):
            return own()
        parts = [_widget_text(w) for w in (widget, *widget.query("*"))]
        text = "\n".join(part for part in parts if part.strip())
        return Content.assemble(
            ("▎ ", "$panel-lighten-2"), Content(text or "(earlier output)").stylize("$text-muted")
        )
    except Exception as exc:  # a widget that cannot say what it showed: say that much
        return Content.styled(f"(earlier output: {type(exc).__name__})", "$text-muted")


def _widget_text(widget: Widget) -> str:
    """The text a leaf widget shows: a list's lines, a Static's content, else nothing."""
    lines = getattr(widget, "line_texts", None)
    if callable(lines):
        return "\n".join(lines())
    if isinstance(widget, Static):
        rendered = widget.render()
        return rendered.plain if isinstance(rendered, Content) else str(rendered)
    return ""
