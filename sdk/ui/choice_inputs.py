"""Choice inputs: selects, multi-selects, toggles, checkboxes and radio groups.

Re-exported by `sdk.ui.input_components`, their documented home.
"""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node
from sdk.ui.choices import choose, field_props

RADIO_ORIENTATIONS = ("vertical", "horizontal")


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
    n = node(
        "Select",
        {"options": options, "value": value, "param_name": param_name},
        {"placeholder": placeholder, "on_change": on_change},
    )
    n.props.update(field_props(label, description, error, required, disabled))
    return n


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
    n = node(
        "MultiSelect",
        {"options": options, "values": values or [], "param_name": param_name},
        {"placeholder": placeholder},
    )
    n.props.update(field_props(label, description, error, required, disabled))
    return n


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
    n = node("Checkbox", {"value": bool(value), "param_name": param_name}, {"on_change": on_change})
    n.props.update(field_props(label, description, error, required, disabled))
    return n


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
    n = node(
        "RadioGroup",
        {
            "options": options,
            "value": value,
            "param_name": param_name,
            "orientation": choose("RadioGroup", "orientation", orientation, RADIO_ORIENTATIONS),
        },
        {"on_change": on_change},
    )
    n.props.update(field_props(label, description, error, required, disabled))
    return n
