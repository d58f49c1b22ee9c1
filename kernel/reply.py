"""Turn finished actions into the reply text the user reads (the offline router's voice)."""

from __future__ import annotations

from typing import Any

from kernel import events as ev

MAX_ITEMS = 20
_TITLE_KEYS = ("title", "name", "subject", "label")


def items_of(data: Any) -> list[dict[str, Any]] | None:
    """The first list of records in a result's data, e.g. `{"notes": [...]}`."""
    if isinstance(data, list) and all(isinstance(x, dict) for x in data):
        return data
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list) and all(isinstance(x, dict) for x in value):
                return value
    return None


def title_of(item: dict[str, Any]) -> str:
    return next((str(item[k]) for k in _TITLE_KEYS if item.get(k)), str(item.get("id", "?")))


def _line(item: dict[str, Any]) -> str:
    extras = [
        f"{k} {item[k]}"
        for k in ("folder", "due", "priority", "status")
        if item.get(k)
        and not (k == "priority" and item[k] == "normal")
        and not (k == "status" and item[k] == "open")
    ]
    tail = f" — {', '.join(extras)}" if extras else ""
    return f"- {title_of(item)}{tail}  `{item.get('id', '')}`"


def describe(finished: ev.ActionFinished) -> str:
    if finished.status == "denied":
        return f"Cancelled {finished.app_id}.{finished.function}: nothing was changed."
    if not finished.ok:
        code = f" [{finished.error_code}]" if finished.error_code else ""
        return f"{finished.app_id}.{finished.function} failed{code}: {finished.error}"
    lines = [finished.summary or f"Done: {finished.app_id}.{finished.function}."]
    items = items_of(finished.data) if finished.action_type == "read" else None
    if items:
        lines += [_line(i) for i in items[:MAX_ITEMS]]
        if len(items) > MAX_ITEMS:
            lines.append(f"(showing {MAX_ITEMS} of {len(items)})")
    return "\n".join(lines)


def text_events(text: str) -> list[ev.TextDelta]:
    """Stream a reply line by line, ending with a blank line between replies."""
    lines = text.split("\n")
    return [ev.TextDelta(line + "\n") for line in lines] + [ev.TextDelta("\n")]
