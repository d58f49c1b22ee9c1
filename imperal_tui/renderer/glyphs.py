"""Lucide icon names -> one narrow terminal glyph each (unknown names become a bullet).

Narrow symbols only: wide emoji misalign columns in tmux and over SSH.
"""

from __future__ import annotations

GLYPHS = {
    "alerttriangle": "⚠",
    "archive": "▤",
    "bell": "♪",
    "check": "✓",
    "checkcircle2": "✔",
    "checksquare": "☑",
    "circle": "●",
    "edit": "✎",
    "file": "▭",
    "filetext": "▭",
    "folder": "▸",
    "inbox": "∅",
    "info": "ℹ",
    "mail": "✉",
    "pencil": "✎",
    "plus": "+",
    "search": "⌕",
    "settings": "⚙",
    "stickynote": "≡",
    "trash": "✕",
    "trash2": "✕",
    "trianglealert": "⚠",
    "x": "✕",
    "xcircle": "✖",
}


def glyph(name: object, default: str = "•") -> str:
    """The glyph for an icon name; a name that is already a symbol is returned as is."""
    if not isinstance(name, str) or not name:
        return default
    if not name.isascii():
        return name
    key = name.replace("-", "").replace("_", "").lower()
    return GLYPHS.get(key, default)
