"""Choice inputs: selects, multi-selects, toggles, checkboxes and radio groups.

Re-exported by `sdk.ui.input_components`, their documented home.
"""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node
from sdk.ui.choices import choose, field_props

RADIO_ORIENTATIONS = ("vertical", "horizontal")


def field_node(
    type_: str, always: dict[str, Any], if_set: dict[str, Any], fields: dict[str, Any]
) -> UINode:
    """A labelled input: `node(type_, always, if_set)` followed by its `field_props` `fields`."""
    n = node(type_, always, if_set)
    n.props.update(fields)
    return n


def Select(
    options: list[dict],
    value: str = "",
    placeholder: str = "",
    on_change: Any = None,
    param_name: str = "value",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
) -> UINode:
    """`options` are `{"value", "label"}` dicts."""
    return field_node(
        "Select",
        {"options": options, "value": value, "param_name": param_name},
        {"placeholder": placeholder, "on_change": on_change},
        field_props(label, description, error, required, disabled),
    )


def MultiSelect(
    options: list[dict],
    values: list[str] | None = None,
    placeholder: str = "",
    param_name: str = "values",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
) -> UINode:
    return field_node(
        "MultiSelect",
        {"options": options, "values": values or [], "param_name": param_name},
        {"placeholder": placeholder},
        field_props(label, description, error, required, disabled),
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


def Checkbox(
    label: str = "",
    value: bool = False,
    on_change: Any = None,
    param_name: str = "checked",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
) -> UINode:
    """A tick box; its boolean is sent as `param_name`."""
    return field_node(
        "Checkbox",
        {"value": bool(value), "param_name": param_name},
        {"on_change": on_change},
        field_props(label, description, error, required, disabled),
    )


def RadioGroup(
    options: list[dict],
    value: str = "",
    on_change: Any = None,
    param_name: str = "value",
    label: str = "",
    description: str = "",
    error: str = "",
    required: bool = False,
    disabled: bool = False,
    orientation: str = "vertical",
) -> UINode:
    """One choice among `options` (`{"value", "label"}` dicts), laid out `orientation`."""
    return field_node(
        "RadioGroup",
        {
            "options": options,
            "value": value,
            "param_name": param_name,
            "orientation": choose("RadioGroup", "orientation", orientation, RADIO_ORIENTATIONS),
        },
        {"on_change": on_change},
        field_props(label, description, error, required, disabled),
    )
