"""Text filters applied to a chat reply, and trimming of large tool results for the model.

imperal-shell shows replies as written, so the reply filters only tidy whitespace.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BLANK_RUN = re.compile(r"\n{4,}")
CHARS_PER_TOKEN = 4

__all__ = [
    "enforce_os_identity",
    "enforce_response_style",
    "normalize_markdown",
    "trim_tool_result",
]


def normalize_markdown(text: str) -> str:
    """Runs of more than three newlines become three (markdown keeps its paragraphs)."""
    return _BLANK_RUN.sub("\n\n\n", text) if isinstance(text, str) else text


def enforce_response_style(text: str) -> str:
    return text


def enforce_os_identity(text: str) -> str:
    return text


def _size(value: Any) -> int:
    try:
        return len(json.dumps(value, default=str)) // CHARS_PER_TOKEN
    except (TypeError, ValueError):
        return len(str(value)) // CHARS_PER_TOKEN


def _trim(value: Any, list_max: int, str_max: int) -> Any:
    if isinstance(value, str):
        return value if len(value) <= str_max else value[:str_max] + "..."
    if isinstance(value, dict):
        return {k: _trim(v, list_max, str_max) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        kept = [_trim(v, list_max, str_max) for v in list(value)[:list_max]]
        if len(value) > list_max:
            kept.append(f"... {len(value) - list_max} more")
        return kept
    return value


def trim_tool_result(
    content: Any, max_tokens: int = 3000, list_max: int = 5, str_max: int = 500
) -> Any:
    """`content` unchanged when it fits `max_tokens` (about 4 characters a token); otherwise
    lists keep their first `list_max` items and strings their first `str_max` characters."""
    if _size(content) <= max_tokens:
        return content
    return _trim(content, list_max, str_max)
