"""The conversation: the scrolling log, its message widgets and the prompt."""

from imperal_tui.widgets.chat.log import ChatLog
from imperal_tui.widgets.chat.messages import ErrorLine, NoteLine, UserLine
from imperal_tui.widgets.chat.prompt import PromptInput
from imperal_tui.widgets.chat.turn import Turn

__all__ = ["ChatLog", "ErrorLine", "NoteLine", "PromptInput", "ReplyMarkdown", "Turn", "UserLine"]


def __getattr__(name: str):
    if name == "ReplyMarkdown":  # Markdown is imported with the first reply (reply.py)
        from imperal_tui.widgets.chat.reply import ReplyMarkdown

        return ReplyMarkdown
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
