"""Feedback nodes: alerts, toasts, progress, charts, loading and error states, agent presence."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode, node
from sdk.ui.chart import Chart
from sdk.ui.choices import choose, flag_props, text_props

ALERT_VARIANTS = ("info", "success", "warn", "error")
ALERT_SYNONYMS = {"warning": "warn", "danger": "error", "err": "error", "ok": "success"}
TOAST_VARIANTS = ALERT_VARIANTS
TOAST_SYNONYMS = ALERT_SYNONYMS
_TOAST_DURATION = 5000

__all__ = [
    "UIAction",
    "UINode",
    "ALERT_SYNONYMS",
    "ALERT_VARIANTS",
    "TOAST_SYNONYMS",
    "TOAST_VARIANTS",
    "AgentPresence",
    "Alert",
    "Chart",
    "Error",
    "Ghost",
    "Loading",
    "Progress",
    "Toast",
]


def Alert(
    message: str, title: str = "", variant: str = "", dismissible: bool = False, *, type: str = ""
) -> UINode:
    """`variant` (or the older `type=`) is one of `ALERT_VARIANTS` or a synonym such as
    "warning"; it goes on the wire as `variant`, "info" when neither is given."""
    chosen = choose("Alert", "variant", variant or type or "info", ALERT_VARIANTS, ALERT_SYNONYMS)
    n = UINode("Alert", {"message": message, "title": title, "variant": chosen})
    n.props.update(flag_props(dismissible=dismissible))
    return n


def Toast(
    message: str,
    variant: str = "info",
    duration: int = 5000,
    *,
    title: str = "",
    action: Any = None,
    action_label: str = "",
) -> UINode:
    """A transient notice. `duration` is in milliseconds; `action` and `action_label` come
    together (a button on the toast) or not at all."""
    chosen = choose("Toast", "variant", variant, TOAST_VARIANTS, TOAST_SYNONYMS)
    if not isinstance(duration, int | float) or isinstance(duration, bool):
        raise TypeError(f"ui.Toast: duration must be a number of milliseconds, not {duration!r}")
    if duration < 0:
        raise ValueError(f"ui.Toast: duration must not be negative, got {duration!r}")
    if (action is None) != (not action_label):
        raise ValueError("ui.Toast: action and action_label must be given together")
    n = UINode("Toast", {"message": message, "variant": chosen})
    if duration != _TOAST_DURATION:
        n.props["duration"] = duration
    n.props.update(text_props(title=title))
    if action is not None:
        n.props["action"] = action
        n.props["action_label"] = action_label
    return n


def Progress(
    value: float,
    label: str = "",
    variant: str = "bar",
    color: str = "",
    max: float = 0,
    show_value: bool = False,
    size: str = "",
) -> UINode:
    """`max` (sent when set) is the value of a full bar; the panel assumes 100 otherwise."""
    n = node("Progress", {"value": value, "label": label, "variant": variant}, {"color": color})
    n.props.update(text_props(max=max))
    n.props.update(flag_props(show_value=show_value))
    n.props.update(text_props(size=size))
    return n


def Loading(message: str = "Loading...", variant: str = "spinner") -> UINode:
    return UINode("Loading", {"message": message, "variant": variant})


def Error(message: str, title: str = "Error", retry: Any = None) -> UINode:
    return node("Error", {"message": message, "title": title}, {"retry": retry})


def AgentPresence(
    status: str = "active", action: str = "", progress: Any = None, avatar: str = "🐝"
) -> UINode:
    """What the assistant is doing right now: a status, an action line, optional progress."""
    return UINode(
        "AgentPresence",
        {"status": status, "action": action, "avatar": avatar, "progress": progress},
    )


def Ghost(
    child: Any, *, reason: str = "Webbee executing...", pulse: bool = True, opacity: float = 0.6
) -> UINode:
    """A node drawn faded while the assistant is still working on it."""
    return UINode("Ghost", {"child": child, "reason": reason, "pulse": pulse, "opacity": opacity})
