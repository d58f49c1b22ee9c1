"""`imperal_sdk.runtime.template`: `{{ dotted.path }}` references resolved against a dict.

A string that is exactly one reference yields the referenced value itself (any type; '' when
missing); references inside a longer string are replaced by their text. Dicts and lists are
resolved item by item; anything else is returned as is.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MISSING", "resolve_path", "resolve_value"]

MISSING: Any = object()
_REF = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def resolve_path(ctx: Any, path: str) -> Any:
    """Walk `a.b.0` through dicts (keys) and lists (indexes); `MISSING` when it leads nowhere."""
    if not isinstance(path, str) or not path:
        return MISSING
    current = ctx
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit():
            index = int(part)
            if index >= len(current):
                return MISSING
            current = current[index]
        else:
            return MISSING
    return current


def _text(value: Any) -> str:
    return "" if value is MISSING else str(value)


def resolve_value(value: Any, ctx: Any) -> Any:
    if isinstance(value, dict):
        return {k: resolve_value(v, ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_value(v, ctx) for v in value]
    if not isinstance(value, str):
        return value
    whole = _REF.fullmatch(value)
    if whole is not None:
        found = resolve_path(ctx, whole.group(1))
        return "" if found is MISSING else found
    return _REF.sub(lambda m: _text(resolve_path(ctx, m.group(1))), value)
