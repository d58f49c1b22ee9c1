"""Plain projections of interactive and input nodes: what a control shows and its value.

Text output cannot be clicked: buttons appear as `[ label ]`, inputs as a labelled field with
the current value (or the placeholder in angle brackets), choices with their marks.
"""

from __future__ import annotations

from typing import Any

from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.plain.core import (
    box,
    children_lines,
    indent,
    join_if_fits,
    many,
    projection,
    wrap,
)
from imperal_tui.renderer.props import flag, text


def button_text(label: Any, props: dict[str, Any] | None = None) -> str:
    props = props or {}
    shown = text(label, "Button")
    lead = props.get("icon") or props.get("icon_left")
    if lead:
        shown = f"{glyph(lead)} {shown}"
    if flag(props.get("loading")):
        shown = text(props.get("loading_label"), "Loading…")
    return f"[ {shown} ]" + (" (disabled)" if flag(props.get("disabled")) else "")


@projection("Button")
def button(props: dict[str, Any], width: int) -> list[str]:
    return [button_text(props.get("label"), props)]


@projection("Link")
def link(props: dict[str, Any], width: int) -> list[str]:
    href = text(props.get("href"))
    return wrap(
        f"{text(props.get('label', props.get('text')), 'link')}{f' <{href}>' if href else ''}",
        width,
    )


@projection("Menu")
def menu(props: dict[str, Any], width: int) -> list[str]:
    head = many(props.get("trigger"), width) or ["☰ Menu"]
    items = [
        "  ──" if flag(e.get("separator")) else f"  · {text(e.get('label'))}"
        for e in props.get("items") or []
        if isinstance(e, dict)
    ]
    return head + items


def overlay(props: dict[str, Any], width: int) -> list[str]:
    """Modal and Dialog: a framed box with the content and its two buttons."""
    body = wrap(props.get("subtitle"), width - 4) if props.get("subtitle") else []
    body += many(props.get("content"), width - 4)
    confirm = text(props.get("confirm_label"), "Confirm")
    if flag(props.get("destructive")):
        confirm = f"⚠ {confirm}"
    body += ["", f"{button_text(confirm)}  {button_text(props.get('cancel_label', 'Cancel'))}"]
    return box(text(props.get("title")), body, width)


projection("Modal", "Dialog")(overlay)


@projection("SlideOver")
def slide_over(props: dict[str, Any], width: int) -> list[str]:
    body = wrap(props.get("subtitle"), width - 4) if props.get("subtitle") else []
    return box(text(props.get("title")), body + children_lines(props, width - 4), width)


# --- inputs ---------------------------------------------------------------------------------
def field(props: dict[str, Any], control: str, width: int) -> list[str]:
    """`label*: control`, then the description and the error on their own lines."""
    label = text(props.get("label"))
    if label and flag(props.get("required")):
        label += "*"
    return wrap(f"{label}: {control}" if label else control, width) + notes(props, width)


def notes(props: dict[str, Any], width: int) -> list[str]:
    """A field's description and error, indented under it."""
    out = indent(wrap(props.get("description"), width - 2)) if props.get("description") else []
    if props.get("error"):
        out += indent(wrap(f"✖ {text(props.get('error'))}", width - 2))
    return out


def shown_value(props: dict[str, Any], key: str = "value") -> str:
    value = text(props.get(key))
    if value and text(props.get("type")) == "password":
        return "•" * min(len(value), 12)
    return value or f"<{text(props.get('placeholder'), '…')}>"


@projection("Input", "Password", "DatePicker")
def input_node(props: dict[str, Any], width: int) -> list[str]:
    return field(props, f"[{shown_value(props)}]", width)


@projection("TextArea", "RichEditor")
def text_area(props: dict[str, Any], width: int) -> list[str]:
    key = "content" if "content" in props else "value"
    head = field({"label": props.get("label"), "required": props.get("required")}, "", width)
    body = indent(wrap(shown_value(props, key), width - 2))
    return (head if props.get("label") else []) + body + notes(props, width)


def option_pairs(props: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for option in props.get("options") or []:
        if isinstance(option, dict):
            value = text(option.get("value"))
            pairs.append((value, text(option.get("label")) or value))
        else:
            pairs.append((text(option), text(option)))
    return pairs


@projection("Select")
def select(props: dict[str, Any], width: int) -> list[str]:
    labels = dict(option_pairs(props))
    current = text(props.get("value"))
    return field(props, f"[{labels.get(current, current) or '<choose>'} ▾]", width)


@projection("MultiSelect", "TagInput")
def multi(props: dict[str, Any], width: int) -> list[str]:
    labels = dict(option_pairs(props))
    chosen = [labels.get(text(v), text(v)) for v in props.get("values") or []]
    return field(props, " ".join(f"[{c}]" for c in chosen) or "<none>", width)


@projection("Toggle")
def toggle(props: dict[str, Any], width: int) -> list[str]:
    return wrap(
        f"{'[on ]' if flag(props.get('value')) else '[off]'} {text(props.get('label'))}", width
    )


@projection("Checkbox")
def checkbox(props: dict[str, Any], width: int) -> list[str]:
    mark = "[x]" if flag(props.get("value")) else "[ ]"
    label = text(props.get("label")) + ("*" if flag(props.get("required")) else "")
    return wrap(f"{mark} {label}".rstrip(), width) + notes(props, width)


@projection("RadioGroup")
def radio_group(props: dict[str, Any], width: int) -> list[str]:
    current = text(props.get("value"))
    choices = [[f"({'•' if v == current else ' '}) {label}"] for v, label in option_pairs(props)]
    head = field(props, "", width)[:1] if props.get("label") else []
    if text(props.get("orientation")) == "horizontal":
        side_by_side = join_if_fits(choices, width - 2)
        if side_by_side is not None:
            return head + indent(side_by_side) + notes(props, width)
    return head + indent([c[0] for c in choices]) + notes(props, width)


@projection("Slider")
def slider(props: dict[str, Any], width: int) -> list[str]:
    low, high, value = (props.get(k) for k in ("min", "max", "value"))
    numbers = all(isinstance(v, int | float) for v in (low, high, value))
    span = 20
    at = round((value - low) / (high - low) * span) if numbers and high != low else 0
    track = "─" * at + "●" + "─" * (span - at)
    return field(props, f"{track} {text(value)}", width)


@projection("FileUpload")
def file_upload(props: dict[str, Any], width: int) -> list[str]:
    limits = f"{text(props.get('accept'), '*')}, up to {text(props.get('max_size_mb'), '10')} MB"
    out = wrap(f"⇪ {text(props.get('title')) or 'Upload files'} ({limits})", width)
    return out + (indent(wrap(props.get("hint"), width - 2)) if props.get("hint") else [])


@projection("Form")
def form(props: dict[str, Any], width: int) -> list[str]:
    return children_lines(props, width) + [button_text(props.get("submit_label", "Submit"))]
