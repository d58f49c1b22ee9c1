"""Copy a message or a code block of the chat: `/copy [N]`, `/copy code [N]`, or the picker
(ctrl+o at the prompt): the chat's messages, newest first, each reply followed by its code
blocks; Up/Down choose, Enter copies, Esc closes. The text goes out by `imperal_tui.clipboard`
(OSC 52, a local tool, else a file under the data dir) and a notification says how.

What is copied is the message as it was received (a reply's Markdown source, a code block's
code without its fences), not the screen's wrapped lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from imperal_tui import clipboard
from imperal_tui.widgets.chat.messages import UserLine

FENCE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
USAGE = "/copy [N] copies the Nth newest reply (1: the last); /copy code [N] a code block"
PREVIEW = 60


@dataclass(frozen=True)
class Copyable:
    kind: str  # "reply", "you", "note", "code"
    text: str

    def label(self) -> str:
        first = next((line for line in self.text.splitlines() if line.strip()), "")
        more = "…" if len(first) > PREVIEW or self.text.strip() != first.strip() else ""
        return f"{self.kind:>5}  {first.strip()[:PREVIEW]}{more}"


def code_blocks(markdown: str) -> list[str]:
    """The fenced code blocks of `markdown`, in order, without their fences."""
    return [match.group(2).rstrip("\n") for match in FENCE.finditer(markdown)]


def messages(app: Any) -> list[Copyable]:
    """What the chat holds that can be copied, oldest first (a reply before its code blocks)."""
    from imperal_tui.widgets.chat.reply import ReplyMarkdown

    found: list[Copyable] = []
    for widget in app.chat.children:
        if isinstance(widget, ReplyMarkdown):
            if widget.text.strip():
                found.append(Copyable("reply", widget.text.strip()))
                found += [Copyable("code", code) for code in code_blocks(widget.text)]
        elif isinstance(widget, Static):
            text = str(widget.render()).strip()
            if isinstance(widget, UserLine):
                found.append(Copyable("you", text[1:].strip()))  # without the "› " mark
            elif text:
                found.append(Copyable("note", text))
    return found


def nth_newest(items: list[Copyable], kind: str, number: int) -> Copyable | None:
    of_kind = [item for item in items if item.kind == kind]
    return of_kind[-number] if 0 < number <= len(of_kind) else None


async def copy_item(app: Any, item: Copyable) -> None:
    how = await clipboard.copy(app, item.text, app.config.data_dir)
    app.notify(f"Copied {item.kind} ({len(item.text)} characters): {how}.")


async def copy_command(app: Any, args: str) -> None:
    """`/copy [N]`, `/copy code [N]`: bad arguments say how to use it and copy nothing."""
    from imperal_tui.widgets.chat import ErrorLine

    words = args.split()
    kind = "reply"
    if words and words[0] == "code":
        kind, words = "code", words[1:]
    if len(words) > 1 or (words and not (words[0].isdigit() and int(words[0]) >= 1)):
        await app.chat.add(ErrorLine(f"cannot copy {args.strip()!r}: {USAGE}"))
        return
    number = int(words[0]) if words else 1
    item = nth_newest(messages(app), kind, number)
    if item is None:
        what = "reply" if kind == "reply" else "code block"
        await app.chat.add(ErrorLine(f"there is no {what} number {number} (newest first)"))
        return
    await copy_item(app, item)


class CopyPicker(ModalScreen[None]):
    DEFAULT_CSS = """
    CopyPicker { align: center bottom; }
    CopyPicker > OptionList {
        width: 100%; height: auto; max-height: 70%;
        border: round $primary; background: $surface;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, items: list[Copyable]) -> None:
        super().__init__()
        self.items = items[::-1]  # newest first

    def compose(self) -> ComposeResult:
        options = OptionList(*(Option(item.label()) for item in self.items), id="copy-list")
        options.border_title = "Copy: Enter copies, Esc closes"
        yield options

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.items[event.option_index]
        self.dismiss()
        await copy_item(self.app, item)


def open_picker(app: Any) -> None:
    """The picker over the chat; a note instead when there is nothing to copy."""
    items = messages(app)
    if not items:
        app.notify("Nothing to copy yet.")
        return
    app.push_screen(CopyPicker(items))
