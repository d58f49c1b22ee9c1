"""Reading props defensively: extensions send whatever they like, renderers apply defaults."""

from __future__ import annotations

from typing import Any

from imperal_tui.sanitize import neutralise


def text(value: Any, default: str = "") -> str:
    """A prop as display text; None (dropped on the wire) becomes the default.

    A `ui.Signal` placeholder (`{"__type__": "signal", ...}`) shows its default value: the
    host would put the signal's live value there. Control and escape sequences an extension
    sent are shown inert (`imperal_tui.sanitize.neutralise`): this is where the text of every
    rendered node, in the TUI and in plain text, comes from.
    """
    if isinstance(value, dict) and value.get("__type__") == "signal":
        value = value.get("default")
    if value is None:
        return default
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


COLOR_CLASSES = {
    "blue": "blue",
    "primary": "blue",
    "info": "blue",
    "cyan": "blue",
    "green": "green",
    "success": "green",
    "ok": "green",
    "red": "red",
    "error": "red",
    "danger": "red",
    "destructive": "red",
    "yellow": "yellow",
    "warn": "yellow",
    "warning": "yellow",
    "orange": "yellow",
    "purple": "purple",
    "gray": "gray",
    "grey": "gray",
}

# Content styles per color, used for inline spans (badges inside list rows).
COLOR_STYLES = {
    "blue": "$text-primary on $primary-muted",
    "green": "$text-success on $success-muted",
    "red": "$text-error on $error-muted",
    "yellow": "$text-warning on $warning-muted",
    "purple": "$text-secondary on $secondary-muted",
    "gray": "$text-muted on $boost",
}


def color(value: Any, default: str = "gray") -> str:
    return COLOR_CLASSES.get(text(value).lower(), default)
