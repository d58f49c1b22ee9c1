"""Interactive nodes: buttons and cards that trigger actions."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Button(
    label: str,
    variant: str = "primary",
    on_click: Any = None,
    disabled: bool = False,
    size: str = "md",
    full_width: bool = False,
    icon: str = "",
) -> UINode:
    return node(
        "Button",
        {"label": label, "variant": variant, "disabled": disabled, "size": size},
        {"full_width": full_width, "on_click": on_click, "icon": icon},
    )
