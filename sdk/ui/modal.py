"""Modal and Dialog: a titled box over the panel with confirm and cancel buttons.

`Dialog` is the older name: the same node under the wire type "Dialog", with a required title.
"""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode
from sdk.ui.choices import choose

MODAL_SIZES = ("xs", "sm", "md", "lg", "xl", "2xl", "full")


def _overlay(
    kind: str,
    title: Any,
    content: Any,
    confirm_label: Any,
    cancel_label: Any,
    on_confirm: Any,
    subtitle: Any = "",
    size: Any = "md",
    max_width: Any = "",
    dismissible: Any = True,
    destructive: Any = False,
    on_close: Any = None,
    open: Any = True,
) -> UINode:
    """Labels always go on the wire; the rest only when they differ from the defaults."""
    props: dict[str, Any] = {"confirm_label": confirm_label, "cancel_label": cancel_label}
    for key, value in (("title", title), ("content", content), ("subtitle", subtitle)):
        if value:
            props[key] = value
    if on_confirm is not None:
        props["on_confirm"] = on_confirm
    if size and size != "md":
        props["size"] = choose(kind, "size", size, MODAL_SIZES)
    if max_width:
        props["max_width"] = max_width
    if not dismissible:
        props["dismissible"] = False
    if destructive:
        props["destructive"] = True
    if on_close is not None:
        props["on_close"] = on_close
    if not open:
        props["open"] = False
    return UINode(kind, props)


def Modal(
    title: str = "",
    content: Any = None,
    confirm_label: str = "Confirm",
    cancel_label: str = "Cancel",
    on_confirm: Any = None,
    *,
    subtitle: str = "",
    size: str = "md",
    max_width: str = "",
    dismissible: bool = True,
    destructive: bool = False,
    on_close: Any = None,
    open: bool = True,
) -> UINode:
    """`size` is one of `MODAL_SIZES`; `destructive` styles the confirm button as dangerous."""
    return _overlay(
        "Modal",
        title,
        content,
        confirm_label,
        cancel_label,
        on_confirm,
        subtitle=subtitle,
        size=size,
        max_width=max_width,
        dismissible=dismissible,
        destructive=destructive,
        on_close=on_close,
        open=open,
    )


_MODAL_KEYWORDS = ("subtitle", "size", "max_width", "dismissible", "on_close", "open")


def Dialog(
    title: str,
    content: Any = None,
    confirm_label: str = "Confirm",
    cancel_label: str = "Cancel",
    on_confirm: Any = None,
    destructive: bool = False,
    **kwargs: Any,
) -> UINode:
    """A confirm box; `kwargs` are Modal's keyword-only options (subtitle, size, ...)."""
    unknown = sorted(set(kwargs) - set(_MODAL_KEYWORDS))
    if unknown:
        raise TypeError(
            f"ui.Dialog got unexpected keyword argument(s) {', '.join(unknown)}; "
            f"it accepts {', '.join(_MODAL_KEYWORDS)}"
        )
    return _overlay(
        "Dialog",
        title,
        content,
        confirm_label,
        cancel_label,
        on_confirm,
        destructive=destructive,
        **kwargs,
    )
