"""A streaming reply: all its text shows as plain lines in a tail below the (empty) Markdown;
complete lines are kept as drawn, so a token re-wraps and repaints only the line still arriving;
finishing drops the tail and renders the whole reply as Markdown once (a code fence whole)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Markdown

from imperal_tui.widgets.chat import ChatLog, UserLine
from imperal_tui.widgets.chat.messages import ReplyMarkdown, StreamTail


class LogApp(App):
    def compose(self) -> ComposeResult:
        yield ChatLog()


async def test_the_whole_reply_streams_in_the_tail_and_becomes_markdown_at_the_end():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        for token in ["First ", "**para**", "graph.", "\n\n", "Second ", "one"]:
            await reply.add(token)
        await pilot.pause()
        tail = app.query_one(StreamTail)
        assert tail.text == "First **para**graph.\n\nSecond one"  # nothing leaves the screen
        assert [entry.plain for entry in tail.entries] == ["First **para**graph.\n", "Second one"]
        assert len(tail) == 2  # the complete lines, then the line still arriving
        assert tail.size.height == StreamTail.GROW  # room for a few lines: fewer layouts
        assert log.children.index(tail) == log.children.index(reply) + 1
        assert reply.source == ""  # no Markdown parse or relayout mid-stream
        await reply.finish()
        await pilot.pause()
        assert not app.query(StreamTail)
        assert reply.source == "First **para**graph.\n\nSecond one"
        assert reply.text == "First **para**graph.\n\nSecond one"
        assert reply.query("MarkdownParagraph")  # rendered as Markdown


async def test_a_code_block_streams_as_text_and_is_rendered_whole():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        for token in ["```python\n", "a = 1\n", "\n", "b = 2\n"]:
            await reply.add(token)
        await pilot.pause()
        tail = app.query_one(StreamTail)
        assert tail.text == "```python\na = 1\n\nb = 2\n"
        assert isinstance(reply, Markdown) and reply.source == ""
        await reply.add("```\n\nafter")
        await pilot.pause()
        assert tail.text == "```python\na = 1\n\nb = 2\n```\n\nafter"
        await reply.finish()
        await pilot.pause()
        assert "b = 2" in reply.query_one("MarkdownFence").code


async def test_blocks_stacked_in_the_tail_wrap_like_the_whole_text():
    app = LogApp()
    async with app.run_test(size=(40, 30)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        words = [f"word{i} " + ("\n\n" if i % 9 == 8 else "") for i in range(40)]
        for token in words:
            await reply.add(token)
        await pilot.pause()
        tail = app.query_one(StreamTail)
        assert len(tail) == 5  # four fragments ended lines, then the line still arriving
        width = tail.size.width
        assert tail._total == Content(tail.text).get_height(tail.styles, width)
        lines = [tail.render_line(y).text.rstrip() for y in range(tail._total)]
        assert lines[0].startswith("word0 word1") and "" in lines and lines[-1].endswith("word39")


async def test_a_token_that_fits_repaints_only_the_last_line_without_a_layout():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        await reply.add("One.\n\nTwo")
        await pilot.pause()
        tail = app.query_one(StreamTail)
        calls = []
        tail.refresh = lambda *regions, **kw: calls.append((regions, kw)) or tail  # type: ignore[method-assign]
        await reply.add(" three")
        assert calls == [((Region(0, 2, tail.size.width, StreamTail.GROW - 2),), {})]
        await reply.add("\n" * 2 + "x\n" * 8)  # needs more room than the tail has
        assert calls[-1] == ((), {"layout": True})


async def test_a_long_tail_grows_in_bigger_steps():
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(ChatLog)
        reply = await log.add(ReplyMarkdown())
        await reply.add("line\n" * (StreamTail.LONG + 1))
        await pilot.pause()
        tail = app.query_one(StreamTail)
        assert tail._total == StreamTail.LONG + 2
        assert tail.size.height == 3 * StreamTail.GROW_LONG  # 18 lines, in steps of 8


def test_snapshot_of_a_reply_mid_stream(snap_compare):
    """While it streams, the reply is its text, wrapped, behind the reply's left rule, with a
    few lines of room below it."""

    async def run_before(pilot) -> None:
        log = pilot.app.query_one(ChatLog)
        await log.add(UserLine("show me some code"))
        reply = await log.add(ReplyMarkdown())
        text = "Here is **one** way, which is long enough to wrap:\n\n```py\nx = 1\n\ny = 2\n```\n\nThen"
        for token in text.split(" "):
            await reply.add(token + " ")
        await pilot.pause()

    assert snap_compare(LogApp(), terminal_size=(50, 16), run_before=run_before)
