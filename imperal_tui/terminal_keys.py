"""Key sequences terminals send that Textual does not name the way a user means them.

alt+enter reaches an application as ESC CR from xterm-likes and from tmux (which never
forwards the kitty keyboard protocol Textual asks for). Textual's parser reads ESC CR as a
plain Enter, so in tmux alt+enter would send the prompt instead of breaking the line.
`install()` adds ESC CR to Textual's table of escape sequences as "alt+enter"; it changes
nothing else, and running it twice is harmless.
"""

from __future__ import annotations

from enum import StrEnum


class ExtraKey(StrEnum):
    """Names for the added sequences (Textual's table wants enum members with a `value`)."""

    ALT_ENTER = "alt+enter"


SEQUENCES = {"\x1b\r": (ExtraKey.ALT_ENTER,)}


def install() -> None:
    """Teach Textual's input parser the sequences in `SEQUENCES` (kept if already known)."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    for sequence, keys in SEQUENCES.items():
        ANSI_SEQUENCES_KEYS.setdefault(sequence, keys)
