"""Form: its children, an error line, and one submit button; submitting calls the form's action
with the form's values as params, through the same `UiAction` as any button (so the kernel's
one execute path, and its confirmation card, apply).

Values, as the web kit builds them: start from `defaults`; every input node in the tree (at any
depth) adds its initial value under its `param_name` unless `defaults` already has that key;
then every control the user can edit here (a `fields.Field`) writes its current value. A control
whose key is in `defaults` starts out showing the default, so what is on screen is what is sent.
An input node drawn by its plain projection (none today) is framed as read-only and sends its
initial value. FileUpload is never a form value. A submit is refused,
with the reasons in the form's error line, while a required field is empty or a field's
`problem()` says its text does not parse (a date, a number).

`action` is a function name (the SDK's shape); a whole `ui.Call` is accepted too, the form's
values written over its params. Enter in an Input submits nothing; the button, ctrl+s or a
`ui.Button(type="submit")` inside the form does (the Button also fires its own `on_click`).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from imperal_tui.renderer.actions import UiAction, is_action, with_params
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.fields import Field
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder, render_children

# Input node types and the value each sends when nobody touched it: its `value` (or `values`).
INPUT_DEFAULTS: dict[str, tuple[str, Any]] = {
    "input": ("value", ""),
    "password": ("value", ""),
    "textarea": ("text", ""),
    "select": ("value", ""),
    "multiselect": ("values", []),
    "toggle": ("enabled", False),
    "checkbox": ("checked", False),
    "radiogroup": ("value", ""),
    "slider": ("value", 50),
    "datepicker": ("date", ""),
    "taginput": ("tags", []),
    "richeditor": ("content", ""),
}


def initial_values(node: Any, into: dict[str, Any]) -> None:
    """Each input node's initial value under its `param_name`, first one wins (in tree order)."""
    if isinstance(node, list | tuple):
        for child in node:
            initial_values(child, into)
        return
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return
    props = node["props"]
    kind = str(node.get("type", "")).replace("_", "").lower()
    if kind in INPUT_DEFAULTS:
        default_name, empty = INPUT_DEFAULTS[kind]
        name = text(props.get("param_name"), default_name)
        prop = "values" if isinstance(empty, list) else "value"
        if kind == "richeditor":
            prop = "content"
        value = props.get(prop, empty)
        into.setdefault(name, empty if value is None else value)
    for key in ("children", "content", "tabs", "items"):
        if isinstance(props.get(key), list | tuple | dict):
            initial_values(props[key], into)


EMPTY = ("", None, [], False)


class UiForm(Vertical):
    DEFAULT_CSS = """
    UiForm { height: auto; width: 1fr; padding: 0 1; border: round $panel-lighten-2; }
    UiForm:focus-within { border: round $accent; }
    UiForm > .form-error { color: $text-error; height: auto; }
    UiForm > .form-submit { margin: 1 0 0 0; }
    UiForm .-readonly-field { border: dashed $warning; border-title-color: $text-warning; }
    """

    BINDINGS = [Binding("ctrl+s", "submit", "Submit form")]

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        defaults = props.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise TypeError("defaults must be an object")
        action = props.get("action")
        if not (action is None or isinstance(action, str) or is_action(action)):
            raise TypeError("action must be a function name or a ui.Call")
        self.defaults = dict(defaults)
        self.initial = dict(defaults)
        initial_values(props.get("children"), self.initial)
        self.form_action = action if action else None
        self.ctx = ctx
        self.error_line = Static("", markup=False, classes="form-error")
        self.error_line.display = False
        self.submit_button = Button(
            Content(text(props.get("submit_label"), "Submit")),
            variant="primary",
            compact=True,
            disabled=not self.form_action,
            classes="form-submit",
        )
        super().__init__(*render_children(props.get("children"), ctx))
        self.mount_tail = [self.error_line, self.submit_button]

    def compose(self):
        yield from self.mount_tail

    def on_mount(self) -> None:
        from imperal_tui.renderer.plain_widget import PlainNode

        for field in self.fields():
            field.in_form = True
            if field.param_name in self.defaults:
                field.set_form_value(self.defaults[field.param_name])
        for widget in self.query(PlainNode):
            if widget.kind.replace("_", "").lower() in INPUT_DEFAULTS:
                widget.add_class("-readonly-field")
                widget.border_title = f"{widget.kind}: not editable here"

    def fields(self) -> list[Field]:
        return [w for w in self.walk_children(with_self=False) if isinstance(w, Field)]

    def values(self) -> dict[str, Any]:
        """What a submit would send: defaults, untouched inputs, then the controls' values."""
        values = dict(self.initial)
        for field in self.fields():
            values[field.param_name] = field.form_value()
        return values

    def problems(self) -> list[str]:
        """Why a submit would be refused: required fields left empty, values that do not parse."""
        fields = self.fields()
        empty = [f.field_label for f in fields if f.required and f.form_value() in EMPTY]
        found = ["Required: " + ", ".join(empty)] if empty else []
        return found + [p for f in fields if (p := f.problem())]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button is self.submit_button:
            event.stop()
            self.submit_form()

    def action_submit(self) -> None:
        self.submit_form()

    def submit_form(self) -> None:
        """Send the form's call (what its button, ctrl+s and a `type="submit"` Button do)."""
        if not self.form_action:
            return
        problems = self.problems()
        if problems:
            self.error_line.update("\n".join(problems))
            self.error_line.display = True
            return
        self.error_line.display = False
        values = self.values()
        if isinstance(self.form_action, str):
            action = {"action": "call", "function": self.form_action, "params": values}
        else:
            action = with_params(self.form_action, values)
        self.post_message(UiAction(self.ctx.app_id, action))


@builder("Form")
def form(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiForm(props, ctx)
