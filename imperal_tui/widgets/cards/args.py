"""Canonical JSON laid out for reading: one key or value per line, tokens kept verbatim.

The card must show the exact bytes that will run, so this does not parse and re-serialise
(that could change how a number or an escape is written): it scans the canonical text and
only adds line breaks and indentation between tokens. A token (a string, a number) is never
split; a line longer than the view scrolls sideways instead of wrapping.
"""

from __future__ import annotations

INDENT = "  "


def _string_end(text: str, start: int) -> int:
    """Index just past the JSON string that opens at `start`."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        else:
            i += 1
    raise ValueError("unterminated string in canonical JSON")


def tokens(text: str) -> list[str]:
    """The tokens of a JSON text, whitespace between them dropped."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch in "{}[]:,":
            out.append(ch)
            i += 1
        elif ch == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        else:  # a number or true/false/null
            end = i
            while end < len(text) and text[end] not in ' \t\r\n{}[]:,"':
                end += 1
            out.append(text[i:end])
            i = end
    return out


def pretty(args_json: str) -> str:
    """`args_json` with a line per member and element; empty `{}`/`[]` stay on one line.

    Joining the result's tokens gives back `args_json` byte for byte (whitespace aside)."""
    toks = tokens(args_json)
    lines: list[str] = []
    line = ""
    depth = 0
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        i += 1
        if tok in ("{", "[") and nxt in ("}", "]"):
            line += tok + nxt  # an empty container stays on one line
            i += 1
        elif tok in ("{", "["):
            depth += 1
            lines.append(line + tok)
            line = INDENT * depth
        elif tok in ("}", "]"):
            if line.strip():
                lines.append(line)
            depth -= 1
            line = INDENT * depth + tok
        elif tok == ",":
            lines.append(line + ",")
            line = INDENT * depth
        elif tok == ":":
            line += ": "
        else:
            line += tok
    if line.strip():
        lines.append(line)
    return "\n".join(lines)
