"""The one message a rendered node sends when the user activates it; the app decides what runs."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class UiAction(Message):
    """A `ui.Call` / `ui.Send` / ... action fired by a panel widget, on behalf of `app_id`."""

    def __init__(self, app_id: str, action: dict[str, Any]) -> None:
        super().__init__()
        self.app_id = app_id
        self.action = action


def is_action(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("action"), str)


def with_params(action: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`action` with `extra` written over its params: the renderer's keys win, as in the kit."""
    params = action.get("params") if isinstance(action.get("params"), dict) else {}
    return {**action, "params": {**params, **extra}}
