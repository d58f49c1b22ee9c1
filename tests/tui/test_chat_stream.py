"""A streaming reply: finished blocks go to the Markdown, the block still arriving shows as text
in a tail just below (cheap per token); a code fence is never split; finishing drops the tail
and renders the whole reply once."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Markdown

from imperal_tui.widgets.chat import ChatLog
from imperal_tui.widgets.chat.messages import ReplyMarkdown, StreamTail


class LogApp(App):
    def compose(self) -> ComposeResult:
        yield ChatLog()


async def test_tokens_show_in_the_tail_until_their_block_is_finished():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        for token in ["First ", "**para**", "graph.", "\n\n", "Second ", "one"]:
            await reply.add(token)
        await pilot.pause()
        tail = app.query_one(StreamTail)
        assert tail.text == "Second one"
        assert tail.size.height == StreamTail.GROW  # room for a few lines: fewer layouts
        assert log.children.index(tail) == log.children.index(reply) + 1
        assert reply.source.strip() == "First **para**graph."
        await reply.finish()
        await pilot.pause()
        assert not app.query(StreamTail)
        assert reply.source == "First **para**graph.\n\nSecond one"
        assert reply.text == "First **para**graph.\n\nSecond one"


async def test_a_blank_line_inside_a_code_fence_does_not_end_the_block():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        for token in ["```python\n", "a = 1\n", "\n", "b = 2\n"]:
            await reply.add(token)
        await pilot.pause()
        assert app.query_one(StreamTail).text.startswith("```python\na = 1\n\nb = 2")
        assert isinstance(reply, Markdown) and reply.source == ""
        await reply.add("```\n\nafter")
        await pilot.pause()
        assert app.query_one(StreamTail).text == "after"
        assert "b = 2" in reply.source
