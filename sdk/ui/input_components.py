"""Input nodes. Each control's value is sent as `param_name` in the params of its action."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode, node
from sdk.ui.choice_inputs import Checkbox, MultiSelect, RadioGroup, Select, Toggle, field_node
from sdk.ui.choices import choose, field_props, flag_props, text_props

INPUT_TYPES = ("text", "password", "email", "number", "url")
FIELD_VARIANTS = ("default", "ghost")
FILEUPLOAD_VARIANTS = ("default", "futuristic", "compact")

__all__ = [
    "UIAction",
    "UINode",
    "FIELD_VARIANTS",
    "FILEUPLOAD_VARIANTS",
    "INPUT_TYPES",
    "Checkbox",
    "DatePicker",
    "FileUpload",
    "Form",
    "Input",
    "MultiSelect",
    "Password",
    "RadioGroup",
    "RichEditor",
    "Select",
    "Slider",
    "TagInput",
    "TextArea",
    "Toggle",
]


def Input(
    placeholder: str = "",
    on_submit: Any = None,
    value: str = "",
    param_name: str = "value",
    type: str = "text",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
    readonly: bool = False,
    variant: str = "default",
) -> UINode:
    """`type` is one of `INPUT_TYPES` and `variant` one of `FIELD_VARIANTS`; each is only
    sent when it is not the default."""
    kind = choose("Input", "type", type, INPUT_TYPES)
    look = choose("Input", "variant", variant, FIELD_VARIANTS)
    n = node(
        "Input",
        {"placeholder": placeholder, "value": value, "param_name": param_name},
        {"on_submit": on_submit},
    )
    if kind != "text":
        n.props["type"] = kind
    n.props.update(field_props(label, description, error, required, disabled, readonly))
    if look != "default":
        n.props["variant"] = look
    return n


def Password(
    placeholder: str = "paste value…",
    on_submit: Any = None,
    value: str = "",
    param_name: str = "value",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
    readonly: bool = False,
) -> UINode:
    """A masked credential input: an `Input` node with `type: "password"`."""
    return field_node(
        "Input",
        {
            "placeholder": placeholder,
            "value": value,
            "param_name": param_name,
            "type": "password",
        },
        {"on_submit": on_submit},
        field_props(label, description, error, required, disabled, readonly),
    )


def Form(
    children: list[Any],
    action: str = "",
    submit_label: str = "Submit",
    defaults: dict[str, Any] | None = None,
) -> UINode:
    """`action` names the function the form calls; `defaults` are hidden fields."""
    return node(
        "Form",
        {"children": children, "submit_label": submit_label},
        {"action": action, "defaults": defaults},
    )


def Slider(
    min: float = 0,
    max: float = 100,
    value: float = 50,
    step: float = 1,
    label: str = "",
    param_name: str = "value",
    disabled: bool = False,
) -> UINode:
    return node(
        "Slider",
        {"min": min, "max": max, "value": value, "step": step, "param_name": param_name},
        {"label": label, "disabled": bool(disabled)},
    )


def DatePicker(
    value: str = "",
    placeholder: str = "Select date",
    on_change: Any = None,
    param_name: str = "date",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
    min: str = "",
    max: str = "",
) -> UINode:
    """`min`/`max` bound the date (ISO strings). `placeholder` is accepted for compatibility
    but never sent: the panel's date picker draws its own prompt."""
    fields = {
        **field_props(label, description, error, required, disabled),
        **text_props(min=min, max=max),
    }
    return field_node(
        "DatePicker", {"value": value, "param_name": param_name}, {"on_change": on_change}, fields
    )


def FileUpload(
    accept: str = "*",
    max_size_mb: int = 10,
    multiple: bool = False,
    on_upload: Any = None,
    param_name: str = "files",
    blocked_extensions: list[str] | None = None,
    max_total_mb: int = 0,
    max_files: int = 0,
    title: str = "",
    hint: str = "",
    variant: str = "default",
    show_previews: bool = False,
) -> UINode:
    """`variant` is one of `FILEUPLOAD_VARIANTS`, sent only when it is not "default"."""
    look = choose("FileUpload", "variant", variant, FILEUPLOAD_VARIANTS)
    n = node(
        "FileUpload",
        {
            "accept": accept,
            "max_size_mb": max_size_mb,
            "multiple": multiple,
            "param_name": param_name,
        },
        {
            "on_upload": on_upload,
            "blocked_extensions": blocked_extensions,
            "max_total_mb": max_total_mb,
            "max_files": max_files,
            "title": title,
            "hint": hint,
        },
    )
    if look != "default":
        n.props["variant"] = look
    n.props.update(flag_props(show_previews=show_previews))
    return n


def TextArea(
    placeholder: str = "",
    value: str = "",
    rows: int = 4,
    on_submit: Any = None,
    param_name: str = "text",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
    readonly: bool = False,
) -> UINode:
    return field_node(
        "TextArea",
        {"placeholder": placeholder, "value": value, "rows": rows, "param_name": param_name},
        {"on_submit": on_submit},
        field_props(label, description, error, required, disabled, readonly),
    )


def RichEditor(
    content: str = "",
    placeholder: str = "Start writing...",
    on_save: Any = None,
    on_change: Any = None,
    param_name: str = "content",
    toolbar: bool = True,
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
) -> UINode:
    return field_node(
        "RichEditor",
        {
            "content": content,
            "placeholder": placeholder,
            "param_name": param_name,
            "toolbar": toolbar,
        },
        {"on_save": on_save, "on_change": on_change},
        field_props(label, description, error, required),
    )


def TagInput(
    values: list[str] | None = None,
    suggestions: list[str] | None = None,
    placeholder: str = "Add...",
    param_name: str = "tags",
    on_change: Any = None,
    grouped_by: str = "",
    delimiters: list[str] | None = None,
    validate: str = "",
    validate_message: str = "",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
) -> UINode:
    """`validate` is a regex each tag must match; `delimiters` are sent as strings."""
    return field_node(
        "TagInput",
        {
            "values": values or [],
            "suggestions": suggestions or [],
            "placeholder": placeholder,
            "param_name": param_name,
            "grouped_by": grouped_by,
        },
        {
            "on_change": on_change,
            "delimiters": [str(d) for d in delimiters] if delimiters else None,
            "validate": validate,
            "validate_message": validate_message,
        },
        field_props(label, description, error, required),
    )
