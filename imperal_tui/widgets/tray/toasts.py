"""Kernel notifications and `ui.Toast` results as Textual toasts (`app.notify`), with the
severity they ask for."""

from __future__ import annotations

from typing import Any

from imperal_tui.sanitize import neutralise

SEVERITIES = {  # what extensions say -> Textual's three severities
    "error": "error",
    "danger": "error",
    "critical": "error",
    "destructive": "error",
    "warning": "warning",
    "warn": "warning",
}
DEFAULT_TIMEOUT_S = 5.0
MAX_TIMEOUT_S = 60.0


def severity_of(word: Any) -> str:
    """Textual's severity for a word: "error"/"warning" (and synonyms), else "information"."""
    return SEVERITIES.get(str(word or "").strip().lower(), "information")


def is_toast(node: Any) -> bool:
    return isinstance(node, dict) and node.get("type") == "Toast"


def show_notification(app: Any, event: Any) -> None:
    """A `kernel.events.Notification` (ctx.notify) as a toast titled with its extension."""
    message = neutralise(str(event.message or "")) or "(empty notification)"
    app.notify(message, title=neutralise(event.app_id), severity=severity_of(event.severity),
               markup=False)  # fmt: skip


def show_toast(app: Any, node: dict[str, Any], app_id: str = "") -> None:
    """A `ui.Toast` node as a toast: its variant is the severity, its duration (ms) the time
    it stays (at most a minute). Its action button is not offered (a toast has no focus)."""
    props = node.get("props") if isinstance(node.get("props"), dict) else {}
    duration = props.get("duration")
    timeout = DEFAULT_TIMEOUT_S
    if isinstance(duration, int | float) and not isinstance(duration, bool) and duration > 0:
        timeout = min(duration / 1000, MAX_TIMEOUT_S)
    title = str(props.get("title") or app_id)
    app.notify(neutralise(str(props.get("message") or "")), title=neutralise(title),
               severity=severity_of(props.get("variant")), timeout=timeout,
               markup=False)  # fmt: skip
