"""Text from stored data, extensions or arguments made safe to show on a terminal.

One neutraliser for every place such text reaches a terminal (stderr lines, plain output, the
TUI's chat lines and rendered nodes). Control characters are shown, not removed, so what was
stored stays visible: C0 and C1 controls and DEL (except newline and tab) become Python-style
escapes (`\\x1b`, `\\x07`, `\\x9b`), so an escape sequence prints as inert text
(`\\x1b]0;title\\x07`); bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069,
U+200E/U+200F, U+061C) and lone surrogates become `\\u202e`-style escapes. A CRLF pair is a
newline. Everything else, including emoji joiners and all other Unicode text, is kept as is.
Neutralising twice changes nothing more.

`json_safe` does the same for serialised JSON with JSON escapes, so `--json` output is still the
exact data once parsed.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}\ud800-\udfff]")  # json.dumps escapes C0


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """`text` with every terminal control shown as an escape (newline and tab kept)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_visible, text.replace("\r\n", "\n"))


def json_safe(serialised: str) -> str:
    """Serialised JSON with DEL, C1 controls, bidi overrides and lone surrogates escaped as
    `\\u00XX` (they only occur inside strings, where the escape means the same character)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)
