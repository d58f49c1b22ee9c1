"""RadioGroup and MultiSelect as form fields (see `fields.Field`): RadioGroup is a Textual
RadioSet whose `on_change` fires `{param_name: value}`; MultiSelect is a SelectionList whose value
is the list of chosen option values (it has no action of its own, as in the kit)."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet, SelectionList

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.fields import Field, fire, labeled, options
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder


class FieldRadioGroup(Field, RadioSet):
    DEFAULT_CSS = "FieldRadioGroup { width: 1fr; }"

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        self.choices = options(props)
        current = text(props.get("value"))
        buttons = [
            RadioButton(Content(label), value == current, compact=True)
            for label, value in self.choices
        ]
        super().__init__(*buttons, compact=True, disabled=flag(props.get("disabled")))
        self.take_props(props, "value")
        self.unchosen: Any = current
        self.on_change_action = props.get("on_change")
        self.ctx = ctx

    def form_value(self) -> Any:
        index = self.pressed_index
        return self.choices[index][1] if 0 <= index < len(self.choices) else self.unchosen

    def set_form_value(self, value: Any) -> None:
        for button, (_, choice) in zip(self.query(RadioButton), self.choices, strict=False):
            if choice == text(value):
                button.value = True
                return
        self.unchosen = value

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        fire(self, self.ctx, self.on_change_action, {self.param_name: self.form_value()})


class FieldMultiSelect(Field, SelectionList[str]):
    DEFAULT_CSS = "FieldMultiSelect { width: 1fr; height: auto; max-height: 8; }"

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        chosen = props.get("values") or []
        if not isinstance(chosen, list | tuple):
            raise TypeError("values must be a list")
        chosen_text = {text(value) for value in chosen}
        selections = [(label, value, value in chosen_text) for label, value in options(props)]
        super().__init__(*selections, compact=True, disabled=flag(props.get("disabled")))
        self.take_props(props, "values")
        self.ctx = ctx

    def form_value(self) -> Any:
        return list(self.selected)

    def set_form_value(self, value: Any) -> None:
        if isinstance(value, list | tuple):
            self.deselect_all()
            for item in value:
                try:
                    self.select(text(item))
                except Exception:  # not one of the options: nothing to tick
                    continue


@builder("RadioGroup")
def radio_group(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldRadioGroup(props, ctx), props)


@builder("MultiSelect")
def multi_select(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldMultiSelect(props, ctx), props)
