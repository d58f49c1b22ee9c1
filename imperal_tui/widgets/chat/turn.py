"""One exchange rendered into the chat log: reply text streams into a `ReplyMarkdown` (as text,
rendered as Markdown when closed), which is closed whenever something else (a card, an error, a
rendered result) is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from imperal_tui.widgets.chat.log import ChatLog

if TYPE_CHECKING:
    from imperal_tui.widgets.chat.reply import ReplyMarkdown


class Turn:
    def __init__(self, log: ChatLog) -> None:
        self.log = log
        self.reply: ReplyMarkdown | None = None
        self.text = ""

    async def write(self, fragment: str) -> None:
        if self.reply is None:
            if not fragment.strip():
                return  # no empty reply blocks for stray newlines
            from imperal_tui.widgets.chat.reply import ReplyMarkdown  # (not before 1st frame)

            self.reply = await self.log.add(ReplyMarkdown())
        self.text += fragment
        await self.reply.add(fragment)

    async def show(self, widget: Widget) -> Widget:
        await self.close()
        return await self.log.add(widget)

    async def close(self) -> None:
        if self.reply is not None:
            await self.reply.finish()
            self.reply = None
