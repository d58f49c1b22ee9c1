"""Slider, DatePicker and TagInput as text inputs that send a typed value (see `fields.Field`).

- Slider: a number within `min`..`max` (rounded to `step`); the label shows the range. It has no
  action of its own (Form only, as in the kit).
- DatePicker: `YYYY-MM-DD` (within `min`/`max` when given); Enter fires `on_change` with it.
- TagInput: comma-separated tags sent as a list; Enter fires `on_change` with the list.
A value that does not parse is the field's `problem()`: the Form says so and sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.widget import Widget

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.fields import FieldInput, fire, labeled
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


class FieldSlider(FieldInput):
    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        self.low, self.high = _number(props.get("min"), 0), _number(props.get("max"), 100)
        self.step = _number(props.get("step"), 1) or 1
        start = _number(props.get("value"), 50)
        super().__init__({**props, "value": _show(start), "type": "number"}, ctx)
        self.take_props(props, "value")

    def parsed(self) -> float | None:
        try:
            number = float(self.value)
        except ValueError:
            return None
        steps = round((min(max(number, self.low), self.high) - self.low) / self.step)
        return min(self.low + steps * self.step, self.high)

    def form_value(self) -> Any:
        number = self.parsed()
        return None if number is None else (int(number) if number.is_integer() else number)

    def set_form_value(self, value: Any) -> None:
        self.value = _show(_number(value, self.low))

    def problem(self) -> str | None:
        if self.parsed() is None:
            return f"{self.field_label}: a number from {_show(self.low)} to {_show(self.high)}"
        return None


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


class FieldDate(FieldInput):
    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__({**props, "placeholder": "YYYY-MM-DD", "type": "text"}, ctx)
        self.take_props(props, "date")
        self.earliest, self.latest = text(props.get("min")), text(props.get("max"))
        self.on_change_action = props.get("on_change")

    def problem(self) -> str | None:
        typed = self.value.strip()
        if not typed:
            return None
        try:
            day = dt.date.fromisoformat(typed).isoformat()
        except ValueError:
            return f"{self.field_label}: a date as YYYY-MM-DD"
        if (self.earliest and day < self.earliest) or (self.latest and day > self.latest):
            return f"{self.field_label}: between {self.earliest or '…'} and {self.latest or '…'}"
        return None

    def form_value(self) -> Any:
        return self.value.strip()

    async def action_submit(self) -> None:
        if self.problem() is None:
            fire(self, self.ctx, self.on_change_action, {self.param_name: self.form_value()})
        else:
            self.notify(self.problem() or "", severity="warning")


class FieldTags(FieldInput):
    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        values = props.get("values") or []
        if not isinstance(values, list | tuple):
            raise TypeError("values must be a list")
        shown = ", ".join(text(v) for v in values)
        hint = text(props.get("placeholder"), "Add...") + " (comma-separated)"
        super().__init__({**props, "value": shown, "placeholder": hint, "type": "text"}, ctx)
        self.take_props(props, "tags")
        self.on_change_action = props.get("on_change")

    def form_value(self) -> Any:
        return [tag.strip() for tag in self.value.split(",") if tag.strip()]

    def set_form_value(self, value: Any) -> None:
        if isinstance(value, list | tuple):
            self.value = ", ".join(text(v) for v in value)

    async def action_submit(self) -> None:
        fire(self, self.ctx, self.on_change_action, {self.param_name: self.form_value()})


@builder("Slider")
def slider(props: dict[str, Any], ctx: RenderContext) -> Widget:
    widget = FieldSlider(props, ctx)
    label = text(props.get("label"), widget.param_name)
    return labeled(
        widget, {**props, "label": f"{label} ({_show(widget.low)}–{_show(widget.high)})"}
    )


@builder("DatePicker")
def date_picker(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldDate(props, ctx), props)


@builder("TagInput")
def tag_input(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldTags(props, ctx), props)
