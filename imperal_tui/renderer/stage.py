"""The terminal-first 6.x nodes: Stage and MorphingState, drawn as the SDK's terminal projection.

Stage: its children in a frame titled `❯ command · title`, status, hotkeys and telemetry in the
bottom edge. While focus is inside the frame (the frame itself takes focus too), each hotkey
fires its action: a string value is `ui.Call(that function)`, a dict value is the action itself.

MorphingState: urgency and context, summary, details, metrics, then the affordances numbered
`[1] Label (key)` as buttons; the digit or the affordance's shortcut fires it while focus is
inside. An affordance fires its `payload` when that is an action, else a call of the function
named by its `id` with the payload as params. A `destructive` one (or one that
`requires_confirmation`, or any in a `risk="destructive"` state) asks first in a Dialog.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.interactive import ActionButton
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_children, render_node

STAGE_STATES = {"done": "-done", "complete": "-done", "success": "-done", "error": "-error"}
URGENCY = {
    "low": ("·", "$text-muted"),
    "normal": ("●", "$text-primary"),
    "elevated": ("▲", "$text-warning"),
    "high": ("▲", "$text-warning"),
    "critical": ("‼", "bold $text-error"),
}


def hotkey_action(value: Any) -> dict[str, Any] | None:
    """A Stage hotkey's value as an action: a function name is a call of it."""
    if isinstance(value, str) and value:
        return {"action": "call", "function": value, "params": {}}
    return value if is_action(value) else None


class KeyedFrame(Vertical, can_focus=True):
    """A frame whose keys (single key names) fire actions while focus is inside it."""

    def __init__(
        self,
        *children: Widget,
        keys: dict[str, dict[str, Any]],
        ctx: RenderContext,
        classes: str = "",
    ) -> None:
        super().__init__(*children, classes=classes)
        self.keyed = keys
        self.ctx = ctx

    def fire(self, action: dict[str, Any]) -> None:
        self.post_message(UiAction(self.ctx.app_id, action))

    def on_key(self, event: events.Key) -> None:
        action = self.keyed.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            self.fire(action)


class UiStage(KeyedFrame):
    DEFAULT_CSS = """
    UiStage { height: auto; border: round $accent; border-title-color: $text-accent; padding: 0 1; }
    UiStage:focus-within { border: round $text-accent; }
    UiStage.-done { border: round $success; }
    UiStage.-error { border: round $error; }
    """


@builder("Stage")
def stage(props: dict[str, Any], ctx: RenderContext) -> Widget:
    hotkeys = props.get("hotkeys") or {}
    if not isinstance(hotkeys, dict):
        raise TypeError("hotkeys must be an object of key: function or action")
    keys = {str(k): a for k, v in hotkeys.items() if (a := hotkey_action(v)) is not None}
    children = render_children(props.get("children"), ctx) or [Static("(empty)")]
    widget = UiStage(
        *children, keys=keys, ctx=ctx, classes=STAGE_STATES.get(text(props.get("status")), "")
    )
    command = text(props.get("command")) or text(props.get("id"))
    title = text(props.get("title"))
    widget.border_title = f"❯ {command} · {title}" if command else title or None
    labels = [
        f"{k} {text(v.get('function', v.get('action')) if isinstance(v, dict) else v)}"
        for k, v in hotkeys.items()
    ]
    status = [text(props.get("status"))] if props.get("status") else []
    telemetry = props.get("telemetry")
    metrics = (
        [" ".join(f"{k}={text(v)}" for k, v in telemetry.items())]
        if isinstance(telemetry, dict) and telemetry
        else []
    )
    widget.border_subtitle = " · ".join(status + labels + metrics) or None
    return widget


def affordance_action(entry: dict[str, Any]) -> dict[str, Any]:
    payload = entry.get("payload")
    if is_action(payload):
        return payload
    params = payload if isinstance(payload, dict) else {}
    return {"action": "call", "function": text(entry.get("id")), "params": params}


class UiMorphingState(KeyedFrame):
    DEFAULT_CSS = """
    UiMorphingState { height: auto; border-left: outer $primary; padding: 0 0 0 1; }
    UiMorphingState.-critical { border-left: outer $error; }
    UiMorphingState.-elevated { border-left: outer $warning; }
    UiMorphingState > .ms-summary { text-style: bold; }
    UiMorphingState > .ms-muted { color: $text-muted; }
    UiMorphingState > Vertical { height: auto; }
    """

    def __init__(
        self,
        *children: Widget,
        keys: dict[str, dict[str, Any]],
        ctx: RenderContext,
        asks: set[str],
        labels: dict[str, str],
        classes: str = "",
    ) -> None:
        super().__init__(*children, keys=keys, ctx=ctx, classes=classes)
        self.asks = asks
        self.labels = labels

    def fire(self, action: dict[str, Any]) -> None:
        key = next((k for k, a in self.keyed.items() if a is action), "")
        if key not in self.asks:
            super().fire(action)
            return
        from imperal_tui.renderer.overlays import ask_first

        ask_first(self, f"{self.labels.get(key, 'Continue')}?", action, self.ctx)

    def on_button_pressed(self, event) -> None:
        button = event.button
        if isinstance(button, AffordanceButton):
            event.stop()
            self.fire(self.keyed[button.key])


class AffordanceButton(ActionButton):
    """An affordance's button: the state decides (asking first if it must) what fires."""

    def __init__(self, label: str, key: str, ctx: RenderContext, **kwargs: Any) -> None:
        super().__init__(label, None, ctx, submits=True, **kwargs)
        self.key = key

    def on_button_pressed(self, event) -> None:
        event.prevent_default()  # no ActionButton handling: it bubbles to the UiMorphingState


@builder("MorphingState")
def morphing_state(props: dict[str, Any], ctx: RenderContext) -> Widget:
    urgency = text(props.get("urgency"), "normal").lower()
    mark, style = URGENCY.get(urgency, URGENCY["normal"])
    head = f"{mark} {urgency}"
    if props.get("context"):
        head += f" · {text(props.get('context'))}"
    parts: list[Widget] = [
        Static(Content.styled(head, style)),
        Static(text(props.get("summary")), markup=False, classes="ms-summary"),
    ]
    details = props.get("details")
    if isinstance(details, dict):
        parts.append(render_node(details, ctx))
    elif details:
        parts.append(Static(text(details), markup=False))
    metrics = props.get("metrics")
    if isinstance(metrics, dict) and metrics:
        line = "  ".join(f"{k}: {text(v)}" for k, v in metrics.items())
        parts.append(Static(line, markup=False, classes="ms-muted"))
    affordances = props.get("affordances") or []
    if not isinstance(affordances, list | tuple):
        raise TypeError("affordances must be a list")
    keys: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    asks: set[str] = set()
    buttons: list[Widget] = []
    state_destructive = text(props.get("risk")) == "destructive"
    for n, entry in enumerate([a for a in affordances if isinstance(a, dict)], start=1):
        label = text(entry.get("label"), f"Action {n}")
        shortcut = text(entry.get("shortcut"))
        key = shortcut if len(shortcut) == 1 else str(n) if n < 10 else ""
        risky = (
            state_destructive
            or text(entry.get("risk")) == "destructive"
            or flag(entry.get("requires_confirmation"))
        )
        tail = " ⚠" if risky or text(entry.get("risk")) == "write" else ""
        if key:
            keys[key] = affordance_action(entry)
            labels[key] = label
            if str(n) != key and n < 10:
                keys[str(n)] = keys[key]
                labels[str(n)] = label
            if risky:
                asks.update({key, str(n)})
            buttons.append(
                AffordanceButton(
                    f"[{n}] {label} ({key}){tail}",
                    key,
                    ctx,
                    variant="primary" if flag(entry.get("primary")) else "default",
                )
            )
    if buttons:
        parts.append(Vertical(*buttons))
    classes = f"-{urgency}" if urgency in ("critical", "elevated", "high") else ""
    return UiMorphingState(
        *parts,
        keys=keys,
        ctx=ctx,
        asks=asks,
        labels=labels,
        classes=classes.replace("high", "elevated"),
    )
