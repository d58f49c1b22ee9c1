"""Enumerated props: a value checked against its allowed set, synonyms mapped, bad values refused.

An extension that passes a value the panel cannot draw gets a `ValueError` naming the component,
the keyword, the value and what is allowed, at the moment it builds the node.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def choose(
    component: str,
    keyword: str,
    value: Any,
    allowed: Iterable[str],
    synonyms: Mapping[str, str] | None = None,
) -> str:
    """`value` if it is allowed (after mapping a synonym), else a clear `ValueError`."""
    options = tuple(allowed)
    if isinstance(value, str):
        value = (synonyms or {}).get(value, value)
        if value in options:
            return value
    shown = ", ".join(repr(o) for o in options)
    extra = f" (or a synonym: {', '.join(sorted(synonyms))})" if synonyms else ""
    raise ValueError(f"ui.{component}: {keyword}={value!r} is not one of {shown}{extra}")


def flag_props(**flags: Any) -> dict[str, bool]:
    """Boolean keywords that go on the wire as `True` only when set."""
    return {name: True for name, value in flags.items() if value}


def text_props(**texts: Any) -> dict[str, Any]:
    """Keywords that go on the wire only when set (non-empty), as given."""
    return {name: value for name, value in texts.items() if value}


def field_props(
    label: Any = "",
    description: Any = "",
    error: Any = "",
    required: Any = False,
    disabled: Any = False,
    readonly: Any = False,
) -> dict[str, Any]:
    """The labelled-field keywords every input shares, as they go on the wire."""
    return {
        **text_props(label=label, description=description, error=error),
        **flag_props(required=required, disabled=disabled, readonly=readonly),
    }
