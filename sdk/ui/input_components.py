"""Input nodes. Each control's value is sent as `param_name` in the params of its action."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Input(
    placeholder: str = "",
    on_submit: Any = None,
    value: str = "",
    param_name: str = "value",
    type: str = "text",
) -> UINode:
    """`type` is one of text, password, email, number, url; it is only sent when not "text"."""
    n = node(
        "Input",
        {"placeholder": placeholder, "value": value, "param_name": param_name},
        {"on_submit": on_submit},
    )
    if type != "text":
        n.props["type"] = type
    return n


def Password(
    placeholder: str = "paste value…",
    on_submit: Any = None,
    value: str = "",
    param_name: str = "value",
) -> UINode:
    """A masked credential input: an `Input` node with `type: "password"`."""
    return node(
        "Input",
        {
            "placeholder": placeholder,
            "value": value,
            "param_name": param_name,
            "type": "password",
        },
        {"on_submit": on_submit},
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


def Select(
    options: list[dict],
    value: str = "",
    placeholder: str = "",
    on_change: Any = None,
    param_name: str = "value",
) -> UINode:
    """`options` are `{"value", "label"}` dicts."""
    return node(
        "Select",
        {"options": options, "value": value, "param_name": param_name},
        {"placeholder": placeholder, "on_change": on_change},
    )


def MultiSelect(
    options: list[dict],
    values: list[str] | None = None,
    placeholder: str = "",
    param_name: str = "values",
) -> UINode:
    return node(
        "MultiSelect",
        {"options": options, "values": values or [], "param_name": param_name},
        {"placeholder": placeholder},
    )


def Toggle(
    label: str = "",
    value: bool = False,
    on_change: Any = None,
    param_name: str = "enabled",
) -> UINode:
    return node(
        "Toggle",
        {"value": value, "param_name": param_name},
        {"label": label, "on_change": on_change},
    )


def Slider(
    min: float = 0,
    max: float = 100,
    value: float = 50,
    step: float = 1,
    label: str = "",
    param_name: str = "value",
) -> UINode:
    return node(
        "Slider",
        {"min": min, "max": max, "value": value, "step": step, "param_name": param_name},
        {"label": label},
    )


def DatePicker(
    value: str = "",
    placeholder: str = "Select date",
    on_change: Any = None,
    param_name: str = "date",
) -> UINode:
    return node(
        "DatePicker",
        {"value": value, "placeholder": placeholder, "param_name": param_name},
        {"on_change": on_change},
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
) -> UINode:
    return node(
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
        },
    )


def TextArea(
    placeholder: str = "",
    value: str = "",
    rows: int = 4,
    on_submit: Any = None,
    param_name: str = "text",
) -> UINode:
    return node(
        "TextArea",
        {"placeholder": placeholder, "value": value, "rows": rows, "param_name": param_name},
        {"on_submit": on_submit},
    )


def RichEditor(
    content: str = "",
    placeholder: str = "Start writing...",
    on_save: Any = None,
    on_change: Any = None,
    param_name: str = "content",
    toolbar: bool = True,
) -> UINode:
    return node(
        "RichEditor",
        {
            "content": content,
            "placeholder": placeholder,
            "param_name": param_name,
            "toolbar": toolbar,
        },
        {"on_save": on_save, "on_change": on_change},
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
) -> UINode:
    """`validate` is a regex each tag must match; `delimiters` are sent as strings."""
    return node(
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
    )
