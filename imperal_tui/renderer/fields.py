"""Input nodes as widgets: Input (text, password masked, email, number, url), TextArea, Select,
Toggle and Checkbox (more in `choice_fields.py` and `typed_fields.py`).

Each is a `Field`: it knows its `param_name`, its current `form_value()`, how to take a default
(`set_form_value`) and whether its text parses (`problem()`); that is how a Form gathers its
values (see `form.py`), and all a new input widget needs to take part in one. Outside a Form they fire their own actions as the web kit
does, the author's params with `{param_name: value}` written over them: Input's `on_submit` on
Enter (trimmed, only when not empty; the input then clears), TextArea's `on_submit` on ctrl+s,
Select/Toggle/Checkbox `on_change` on every change. Inside a Form, Enter in an Input does not
submit anything (the form's button does); `on_change` still fires.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, Switch, TextArea

from imperal_tui.renderer.actions import UiAction, is_action, with_params
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

INPUT_TYPES = {"number": "number", "integer": "integer"}


class Field:
    """What a Form asks of a control: its name, its value, and a way to take a default."""

    param_name: str = "value"
    in_form: bool = False
    required: bool = False
    field_label: str = ""

    def take_props(self, props: dict[str, Any], default_name: str) -> None:
        self.param_name = text(props.get("param_name"), default_name)
        self.required = flag(props.get("required"))
        self.field_label = text(props.get("label"), self.param_name)

    def form_value(self) -> Any:
        raise NotImplementedError

    def set_form_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the current value cannot be sent, or None."""
        return None


def fire(widget: Widget, ctx: RenderContext, action: Any, extra: dict[str, Any]) -> None:
    if is_action(action):
        widget.post_message(UiAction(ctx.app_id, with_params(action, extra)))


class FieldInput(Field, Input):
    DEFAULT_CSS = "FieldInput { width: 1fr; }"

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        kind = text(props.get("type"), "text").lower()
        super().__init__(
            value=text(props.get("value")),
            placeholder=text(props.get("placeholder")),
            password=kind == "password",
            type=INPUT_TYPES.get(kind, "text"),  # type: ignore[arg-type]
            compact=True,
            disabled=flag(props.get("disabled")),
        )
        self.take_props(props, "value")
        self.on_submit_action = props.get("on_submit")
        self.ctx = ctx

    def form_value(self) -> Any:
        return self.value

    def set_form_value(self, value: Any) -> None:
        self.value = text(value)

    async def action_submit(self) -> None:
        if self.in_form:
            return  # Enter inside a Form submits nothing: its button does
        typed = self.value.strip()
        if typed and is_action(self.on_submit_action):
            fire(self, self.ctx, self.on_submit_action, {self.param_name: typed})
            self.value = ""


class FieldTextArea(Field, TextArea):
    DEFAULT_CSS = "FieldTextArea { width: 1fr; }"
    BINDINGS = [Binding("ctrl+s", "submit_text", "Submit", show=False)]

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__(
            text(props.get("value")),
            read_only=flag(props.get("readonly")),
            disabled=flag(props.get("disabled")),
            compact=True,
            placeholder=text(props.get("placeholder")),
        )
        self.take_props(props, "text")
        rows = props.get("rows")
        self.styles.height = max(2, min(rows if isinstance(rows, int) else 4, 10))
        self.on_submit_action = props.get("on_submit")
        self.ctx = ctx

    def form_value(self) -> Any:
        return self.text

    def set_form_value(self, value: Any) -> None:
        self.load_text(text(value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_text":  # without its own on_submit, ctrl+s is the Form's
            return is_action(self.on_submit_action)
        return super().check_action(action, parameters)

    def action_submit_text(self) -> None:
        fire(self, self.ctx, self.on_submit_action, {self.param_name: self.text})


def options(props: dict[str, Any]) -> list[tuple[str, str]]:
    options = props.get("options") or []
    if not isinstance(options, list | tuple):
        raise TypeError("options must be a list")
    pairs = []
    for option in options:
        if isinstance(option, dict):
            value = text(option.get("value"))
            pairs.append((text(option.get("label"), value), value))
        else:
            pairs.append((text(option), text(option)))
    return pairs


class FieldSelect(Field, Select[str]):
    DEFAULT_CSS = "FieldSelect { width: 1fr; }"

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        pairs = options(props)
        current = text(props.get("value"))
        known = {value for _, value in pairs}
        super().__init__(
            pairs,
            prompt=text(props.get("placeholder"), "Select…"),
            value=current if current in known else Select.NULL,
            compact=True,
            disabled=flag(props.get("disabled")),
        )
        self.take_props(props, "value")
        self.known = known
        self.unlisted: Any = ""
        self.on_change_action = props.get("on_change")
        self.ctx = ctx

    def form_value(self) -> Any:
        chosen = self.value
        return self.unlisted if chosen is Select.NULL else chosen

    def set_form_value(self, value: Any) -> None:
        """An option's value selects it; anything else is kept (and sent) until one is chosen."""
        if text(value) in self.known:
            self.value = text(value)
        else:
            self.unlisted = value

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            fire(self, self.ctx, self.on_change_action, {self.param_name: event.value})


class FieldToggle(Field, Widget):
    """A switch with its label on the right; its value is the switch's."""

    DEFAULT_CSS = """
    FieldToggle { height: auto; width: 1fr; layout: horizontal; }
    FieldToggle > Static { width: auto; padding: 0 1; }
    FieldToggle > Switch { border: none; height: 1; width: auto; padding: 0; }
    FieldToggle > Switch:focus { border: none; background: $block-cursor-background; }
    """

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__()
        self.switch = Switch(value=flag(props.get("value")), disabled=flag(props.get("disabled")))
        self.label = text(props.get("label"))
        self.take_props(props, "enabled")
        self.on_change_action = props.get("on_change")
        self.ctx = ctx

    def compose(self):
        yield self.switch
        if self.label:
            yield Static(self.label, markup=False)

    def form_value(self) -> Any:
        return bool(self.switch.value)

    def set_form_value(self, value: Any) -> None:
        self.switch.value = flag(value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        fire(self, self.ctx, self.on_change_action, {self.param_name: bool(event.value)})


class FieldCheckbox(Field, Checkbox):
    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__(
            Content(text(props.get("label"))),
            flag(props.get("value")),
            compact=True,
            disabled=flag(props.get("disabled")),
        )
        self.take_props(props, "checked")
        self.on_change_action = props.get("on_change")
        self.ctx = ctx

    def form_value(self) -> Any:
        return bool(self.value)

    def set_form_value(self, value: Any) -> None:
        self.value = flag(value)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        fire(self, self.ctx, self.on_change_action, {self.param_name: bool(event.value)})


class LabeledField(Vertical):
    """The labeled-field contract: label (with `*` when required), control, help, error."""

    DEFAULT_CSS = """
    LabeledField { height: auto; width: 1fr; margin: 0 0 1 0; }
    LabeledField > .field-label { color: $text-muted; text-style: bold; }
    LabeledField > .field-help { color: $text-muted; }
    LabeledField > .field-error { color: $text-error; }
    """


def labeled(control: Widget, props: dict[str, Any], *, label_inside: bool = False) -> Widget:
    label = "" if label_inside else text(props.get("label"))
    help_text, error = text(props.get("description")), text(props.get("error"))
    if not (label or help_text or error):
        return control
    parts: list[Widget] = []
    if label:
        star = " *" if flag(props.get("required")) else ""
        parts.append(Static(label + star, markup=False, classes="field-label"))
    parts.append(control)
    if help_text:
        parts.append(Static(help_text, markup=False, classes="field-help"))
    if error:
        parts.append(Static("⚠ " + error, markup=False, classes="field-error"))
    return LabeledField(*parts)


@builder("Input", "Password")
def input_node(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldInput(props, ctx), props)


@builder("TextArea")
def text_area(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldTextArea(props, ctx), props)


@builder("Select")
def select(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldSelect(props, ctx), props)


@builder("Toggle")
def toggle(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldToggle(props, ctx), props, label_inside=True)


@builder("Checkbox")
def checkbox(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return labeled(FieldCheckbox(props, ctx), props, label_inside=True)
