"""The older part of the conversation as one line-drawn widget.

Every mounted widget in the chat costs layout time on each new message, so `ChatLog` keeps only
the newest ones mounted and hands the older ones here as transcripts (styled text, see
`messages.transcript`). Drawing is `TextStack`'s: only the lines on screen, adding an entry is
O(1), finding the entry under a line is a bisection, a width change re-wraps every entry once.
"""

from __future__ import annotations

from imperal_tui.widgets.chat.text_stack import TextStack


class ChatArchive(TextStack):
    DEFAULT_CSS = """
    ChatArchive { height: auto; width: 1fr; }
    """
