"""The conversation: the scrolling log, its message widgets and the prompt."""

from imperal_tui.widgets.chat.log import ChatLog
from imperal_tui.widgets.chat.messages import ErrorLine, NoteLine, ReplyMarkdown, UserLine
from imperal_tui.widgets.chat.prompt import PromptInput
from imperal_tui.widgets.chat.turn import Turn

__all__ = ["ChatLog", "ErrorLine", "NoteLine", "PromptInput", "ReplyMarkdown", "Turn", "UserLine"]
